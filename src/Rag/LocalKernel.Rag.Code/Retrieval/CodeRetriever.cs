
namespace LocalKernel.Rag.Code;

/// <summary>
/// Finds the code that answers a question: BM25 over identifier words, declared symbol names and path words; symbols
/// whose name the question spells out; and, when the index has an embedding model, vector similarity. The lists are
/// fused by weighted reciprocal rank, test code and prose yield to the code itself unless the question asks about tests or docs, and
/// no file takes more than two of the places.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class CodeRetriever
{
    private const double RrfK = 60;
    private const double SymbolWeight = 1.5;
    private const double TestPenalty = 0.6;
    private const double ProsePenalty = 0.8;
    private readonly CodeIndex _index;

    /// <summary>Creates a retriever over <paramref name="index"/>.</summary>
    public CodeRetriever(CodeIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        _index = index;
    }

    /// <summary>The best passages for <paramref name="question"/>, best first.</summary>
    /// <param name="question">A question or search words; identifiers may be written as in code.</param>
    /// <param name="top">How many passages at most.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    public async Task<IReadOnlyList<CodePassage>> RetrieveAsync(string question, int top = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        var query = CodeQuery.Parse(question);
        var scores = new Dictionary<(string Path, int Index), double>();
        void AddRanked(IEnumerable<(string, int)> ranked, double weight)
        {
            int rank = 0;
            foreach (var key in ranked.Distinct())
            {
                scores[key] = scores.GetValueOrDefault(key) + weight / (RrfK + ++rank);
            }
        }

        if (query.MatchExpression is { } match)
        {
            AddRanked(_index.Terms.Search(match, 80), 1.0);
        }

        var chunkCache = new Dictionary<string, IReadOnlyList<StoredChunk>>(StringComparer.Ordinal);
        async Task<IReadOnlyList<StoredChunk>> ChunksOf(string path) =>
            chunkCache.TryGetValue(path, out var cached) ? cached : chunkCache[path] = await _index.Store.GetChunksAsync(path, cancellationToken).ConfigureAwait(false);

        var symbolHits = new List<(string, int)>();
        // Only words written like code (GgufReader, llama_decode, ChatOptions): "model" or "tool" as English words would
        // match every field of that name.
        foreach (var identifier in query.Identifiers.Where(CodeQuery.LooksLikeCode))
        {
            foreach (var symbol in _index.FindSymbols(identifier, 20).Where(s => s.Kind != "namespace"))
            {
                var chunk = (await ChunksOf(symbol.Path).ConfigureAwait(false)).FirstOrDefault(c => c.LineStart <= symbol.StartLine && c.LineEnd >= symbol.StartLine);
                if (chunk is not null)
                {
                    symbolHits.Add((symbol.Path, chunk.Index));
                }
            }
        }

        AddRanked(symbolHits, SymbolWeight);
        if (_index.HasEmbeddings)
        {
            var vectors = await _index.EmbeddingGenerator!.GenerateAsync([question], cancellationToken: cancellationToken).ConfigureAwait(false);
            var matches = await _index.Store.SearchVectorsAsync(vectors[0].Vector, 80, cancellationToken: cancellationToken).ConfigureAwait(false);
            AddRanked(matches.Select(m => (m.Chunk.DocumentId, m.Chunk.Index)), 1.0);
        }

        var ranked = scores
            .Select(kv => (kv.Key, Score: kv.Value
                * (!query.MentionsTests && IsTestPath(kv.Key.Path) ? TestPenalty : 1.0)
                * (!query.MentionsDocs && IsProsePath(kv.Key.Path) ? ProsePenalty : 1.0)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Key.Path, StringComparer.Ordinal).ThenBy(x => x.Key.Index);
        var passages = new List<CodePassage>();
        var perFile = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, score) in ranked)
        {
            if (perFile.GetValueOrDefault(key.Path) >= 2)
            {
                continue;
            }

            var chunk = (await ChunksOf(key.Path).ConfigureAwait(false)).FirstOrDefault(c => c.Index == key.Index);
            if (chunk is null)
            {
                continue;
            }

            perFile[key.Path] = perFile.GetValueOrDefault(key.Path) + 1;
            passages.Add(new CodePassage(key.Path, chunk.LineStart ?? 1, chunk.LineEnd ?? chunk.LineStart ?? 1, chunk.Breadcrumb, chunk.Text, score));
            if (passages.Count == top)
            {
                break;
            }
        }

        return passages;
    }

    /// <summary>Whether a path is prose (Markdown, text): a coding assistant's answers should point at code first.</summary>
    internal static bool IsProsePath(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".md" or ".markdown" or ".txt" or ".rst" or ".adoc" or ".html";

    /// <summary>Whether a path is test code (a tests folder or a *Tests / *_test / test_* file).</summary>
    internal static bool IsTestPath(string path)
    {
        var lower = path.ToLowerInvariant();
        var name = Path.GetFileNameWithoutExtension(lower);
        return lower.StartsWith("tests/", StringComparison.Ordinal) || lower.StartsWith("test/", StringComparison.Ordinal)
            || lower.Contains("/tests/", StringComparison.Ordinal) || lower.Contains("/test/", StringComparison.Ordinal)
            || lower.Contains(".tests/", StringComparison.Ordinal) || name.EndsWith("tests", StringComparison.Ordinal)
            || name.EndsWith("_test", StringComparison.Ordinal) || name.StartsWith("test_", StringComparison.Ordinal)
            || name.EndsWith(".test", StringComparison.Ordinal) || name.EndsWith(".spec", StringComparison.Ordinal);
    }
}
