namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>The bundled model's cache: converted once, and converted again when the file there is from an older
/// converter revision (or is not a converted encoder at all), so a converter fix reaches users who already have a cache.</summary>
public sealed class BundledEmbeddingModelTests
{
    [Fact]
    public void A_stale_cached_model_is_converted_again_and_a_current_one_is_reused()
    {
        var folder = Directory.CreateTempSubdirectory("lk-bundled-").FullName;
        try
        {
            var assembly = SentenceTransformerPackages.AssemblyPath(SentenceTransformerPackages.MiniLm);
            var cached = Path.Combine(folder, BundledEmbeddingModel.Name + ".gguf");
            File.Copy(TestPaths.Stories260K, cached);   // a GGUF without the converter's revision: stale
            var conversions = 0;

            var path = BundledEmbeddingModel.GetOrConvert(assembly, folder, _ => conversions++);
            var written = File.GetLastWriteTimeUtc(path);
            var again = BundledEmbeddingModel.GetOrConvert(assembly, folder, _ => conversions++);

            Assert.Equal(cached, path);
            Assert.Equal(path, again);
            Assert.Equal(1, conversions);
            Assert.True(BertGgufConverter.IsCurrent(path));
            Assert.Equal(written, File.GetLastWriteTimeUtc(again));
            Assert.Equal([BundledEmbeddingModel.Name + ".gguf"], Directory.GetFiles(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
