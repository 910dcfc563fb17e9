using Microsoft.Extensions.AI;

namespace LocalKernel.Samples.KnowledgeBase.Hosting;

/// <summary>
/// Puts a model's instruction text before every input (arctic-embed's query prefix): the retriever embeds only
/// queries, the ingestor only documents, so each gets its own wrapper around the one generator.
/// </summary>
internal sealed class PrefixingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, string prefix)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GenerateAsync(values.Select(v => prefix + v), options, cancellationToken);

    // The owner disposes the wrapped generator.
    protected override void Dispose(bool disposing)
    {
    }
}
