namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>The memory estimate (kb model inspect, the context's fit check) of a converted encoder: llama.cpp gives a
/// BERT model no KV cache and no vocabulary-sized output, so neither may be counted.</summary>
public sealed class EncoderMemoryEstimateTests
{
    [Fact]
    public void Converted_encoder_has_no_kv_cache_and_embeddings_instead_of_logits()
    {
        var path = SentenceTransformerPackages.Converted(SentenceTransformerPackages.MiniLm, GgmlType.Q8_0);
        var summary = GgufModelSummary.Read(path);
        Assert.True(summary.IsEncoder);

        var estimate = ModelMemoryEstimate.For(summary, 256);
        Assert.True(estimate.IsEncoder);
        Assert.True(estimate.IsKvCacheKnown);
        Assert.Equal(0, estimate.KvCacheBytes);
        // 256 tokens: 384-float embeddings plus activations (4·384 + 2·1536 floats per token), not 30,522 logits per token.
        Assert.Equal(256L * (384 + (4 * 384) + (2 * 1536)) * sizeof(float), estimate.ComputeBytes);
        Assert.Equal(estimate.WeightsBytes + estimate.ComputeBytes, estimate.TotalBytes);
    }

    [Fact]
    public void Converter_revision_is_recorded_and_recognised()
    {
        var path = SentenceTransformerPackages.Converted(SentenceTransformerPackages.MiniLm, GgmlType.Q8_0);
        Assert.Equal((uint)BertGgufConverter.Revision, GgufReader.Read(path).GetUInt32(BertGgufConverter.RevisionKey));
        Assert.True(BertGgufConverter.IsCurrent(path));
        Assert.False(BertGgufConverter.IsCurrent(TestPaths.Stories260K));
        Assert.False(BertGgufConverter.IsCurrent(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".gguf")));
    }
}
