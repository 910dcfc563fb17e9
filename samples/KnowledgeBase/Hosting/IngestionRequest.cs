using LocalKernel.Rag;

namespace LocalKernel.Samples.KnowledgeBase.Hosting;

/// <summary>What to ingest: files and folders (recursive), filtered by globs, with tags for every document.</summary>
internal sealed record IngestionRequest(
    IReadOnlyList<string> Paths,
    IReadOnlyList<DocumentTag> Tags,
    IReadOnlyList<GlobPattern> Include,
    IReadOnlyList<GlobPattern> Exclude);
