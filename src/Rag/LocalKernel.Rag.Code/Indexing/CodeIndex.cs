using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace LocalKernel.Rag.Code;

/// <summary>
/// The index of one repository: code-aware chunks in a <see cref="SqliteDocumentStore"/> (document id = the path relative
/// to the root), and beside them in the same file a symbol table and a full-text index of identifier words. Updates are
/// incremental: the ingestion keys every file on its content hash, so only added and changed files are parsed again.
/// </summary>
/// <remarks>Searches are thread-safe; updates of one index must not overlap.</remarks>
public sealed class CodeIndex : IDisposable
{
    /// <summary>Where the index lives inside the repository unless told otherwise (the walker never indexes this folder).</summary>
    public const string DefaultStoreFolder = ".localkernel";

    private readonly DocumentExtractorRegistry _extractors = CodeExtractors.CreateRegistry();
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embeddingGenerator;
    private readonly RepositoryWalker _walker;

    private CodeIndex(string root, SqliteDocumentStore store, IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator, RepositoryWalkOptions? walkOptions)
    {
        Root = root;
        Store = store;
        _embeddingGenerator = embeddingGenerator;
        _walker = new RepositoryWalker(walkOptions);
        Terms = new CodeTermIndex(store.Path);
    }

    /// <summary>The repository root (full path).</summary>
    public string Root { get; }

    /// <summary>The chunks, their vectors and the keyword index.</summary>
    public SqliteDocumentStore Store { get; }

    /// <summary>Whether chunks carry vectors (an embedding generator was given).</summary>
    public bool HasEmbeddings => _embeddingGenerator is not null && Store.EmbeddingModel is not null;

    /// <summary>The embedding generator, when one was given.</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? EmbeddingGenerator => _embeddingGenerator;

    internal CodeTermIndex Terms { get; }

    /// <summary>Opens (creating when needed) the index of the repository at <paramref name="root"/>.</summary>
    /// <param name="root">The repository folder.</param>
    /// <param name="storePath">The index file; null for <c>.localkernel/code-index.db</c> under the root.</param>
    /// <param name="embeddingGenerator">Embeds chunks for vector search; null for keyword and symbol search only.</param>
    /// <param name="embeddingModel">The generator's model (recorded in the store); required with a generator.</param>
    /// <param name="walkOptions">What to skip while walking; null for the defaults.</param>
    /// <exception cref="DirectoryNotFoundException">The root does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an index of this library.</exception>
    /// <exception cref="EmbeddingModelMismatchException">The index holds vectors of another model.</exception>
    public static CodeIndex Open(string root, string? storePath = null, IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator = null,
        EmbeddingModelInfo? embeddingModel = null, RepositoryWalkOptions? walkOptions = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var fullRoot = Path.GetFullPath(root);
        if (!Directory.Exists(fullRoot))
        {
            throw new DirectoryNotFoundException($"The repository folder '{fullRoot}' does not exist.");
        }

        if (embeddingGenerator is not null && embeddingModel is null)
        {
            throw new ArgumentException("An embedding generator needs its model description.", nameof(embeddingModel));
        }

        storePath ??= Path.Combine(fullRoot, DefaultStoreFolder, "code-index.db");
        var store = SqliteDocumentStore.Open(storePath, embeddingGenerator is null ? null : embeddingModel);
        return new CodeIndex(fullRoot, store, embeddingGenerator, walkOptions);
    }

    /// <summary>Brings the index up to date with the files: indexes added and changed files, deletes removed ones.</summary>
    /// <param name="cancellationToken">Stops the run; files already written stay.</param>
    public async Task<CodeIndexReport> UpdateAsync(CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var files = _walker.Walk(Root).Where(f => _extractors.CanExtract(f)).ToList();
        var chunker = new StructuredChunker(ApproximateTokenCounter.Instance, new ChunkingOptions { MaxTokens = 256, OverlapTokens = 0 });
        var ingestor = new DocumentIngestor(
            Store,
            path => _extractors.GetContentType(path) is { } type ? _extractors.GetExtractor(type) : null,
            document => chunker.Chunk(document),
            _embeddingGenerator);
        var results = await ingestor.IngestAsync(files.Select(f => new IngestionSource(ToFull(f), f)), cancellationToken: cancellationToken).ConfigureAwait(false);

        var indexed = Terms.Paths();
        List<string> added = [], updated = [], removed = [];
        var failed = new List<(string, string)>();
        int unchanged = 0;
        foreach (var result in results)
        {
            string path = result.DocumentId;
            switch (result.Status)
            {
                case IngestionStatus.Added or IngestionStatus.Updated:
                    await RecordTermsAsync(path, cancellationToken).ConfigureAwait(false);
                    (result.Status == IngestionStatus.Added ? added : updated).Add(path);
                    break;
                case IngestionStatus.Unchanged:
                    // A run interrupted between the store write and the term write left the file without terms.
                    if (!indexed.Contains(path))
                    {
                        await RecordTermsAsync(path, cancellationToken).ConfigureAwait(false);
                    }

                    unchanged++;
                    break;
                default:
                    await Store.DeleteDocumentAsync(path, cancellationToken).ConfigureAwait(false);
                    Terms.Delete(path);
                    failed.Add((path, result.Error ?? result.Status.ToString()));
                    break;
            }
        }

        var present = new HashSet<string>(files, StringComparer.Ordinal);
        foreach (var document in await Store.ListDocumentsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!present.Contains(document.Id))
            {
                await Store.DeleteDocumentAsync(document.Id, cancellationToken).ConfigureAwait(false);
                Terms.Delete(document.Id);
                removed.Add(document.Id);
            }
        }

        foreach (var stale in indexed.Where(p => !present.Contains(p) && !removed.Contains(p)))
        {
            Terms.Delete(stale);
        }

        return new CodeIndexReport(added, updated, unchanged, removed, failed, Terms.SymbolCount(), stopwatch.Elapsed);
    }

    /// <summary>Symbols named <paramref name="name"/> (case-insensitive); with <paramref name="prefix"/>, names starting with it.</summary>
    public IReadOnlyList<CodeSymbol> FindSymbols(string name, int top = 50, bool prefix = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Terms.FindSymbols(name, top, prefix);
    }

    /// <summary>The full path of a path relative to the root.</summary>
    public string ToFull(string relativePath) => Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <inheritdoc />
    public void Dispose() => Store.Dispose();

    private async Task RecordTermsAsync(string path, CancellationToken cancellationToken)
    {
        var chunks = await Store.GetChunksAsync(path, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<CodeSymbol> symbols = [];
        try
        {
            var text = (await File.ReadAllTextAsync(ToFull(path), cancellationToken).ConfigureAwait(false)).Replace("\r\n", "\n").Replace('\r', '\n');
            symbols = CodeExtractors.Outline(Path.GetExtension(path), text)?.Symbols.Select(s => s with { Path = path }).ToList() ?? [];
        }
        catch (IOException)
        {
            // The file changed or vanished since it was ingested; the next run sees it again.
        }

        Terms.Replace(path, symbols, chunks);
    }
}
