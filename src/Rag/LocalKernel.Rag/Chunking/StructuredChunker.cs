namespace LocalKernel.Rag;

/// <summary>
/// Chunks an <see cref="ExtractedDocument"/> by its structure, then by tokens:
/// <list type="number">
/// <item>headings first: a chunk never spans two sections (a heading, or a change of <see cref="DocumentBlock.HeadingPath"/>,
/// starts a new one), and every chunk keeps the section's breadcrumb;</item>
/// <item>whole blocks (paragraphs, list items, tables, code blocks and source declarations) are packed while they fit;</item>
/// <item>a block too large for one chunk is split: prose at sentences, then words; code at lines; tables at rows, with
/// the header row repeated in every piece;</item>
/// <item>each chunk after the first of a section starts with the end of the previous one (whole sentences within
/// <see cref="ChunkingOptions.OverlapTokens"/> where possible; tables repeat their header instead).</item>
/// </list>
/// No chunk's text exceeds <see cref="ChunkingOptions.MaxTokens"/>, except a single word longer than the limit, which
/// becomes a chunk of its own. Page and line spans are the smallest and largest of the blocks a chunk holds (overlap not
/// counted); pieces of a split code block get their own line range where the block's lines map to its source lines.
/// </summary>
/// <remarks>Thread-safe when the token counter is.</remarks>
public sealed class StructuredChunker : IDocumentChunker
{
    private readonly ITokenCounter _counter;
    private readonly int _maxTokens;
    private readonly int _overlapTokens;

    /// <summary>Creates a chunker that measures with <see cref="ApproximateTokenCounter"/> and default options.</summary>
    public StructuredChunker()
        : this(ApproximateTokenCounter.Instance)
    {
    }

    /// <summary>Creates a chunker.</summary>
    /// <param name="tokenCounter">Counts tokens the way the embedding model will.</param>
    /// <param name="options">Sizes; null for the defaults (256 tokens, 32 overlap).</param>
    /// <exception cref="ArgumentOutOfRangeException">MaxTokens below 1, or OverlapTokens negative or not below MaxTokens.</exception>
    public StructuredChunker(ITokenCounter tokenCounter, ChunkingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tokenCounter);
        options ??= new ChunkingOptions();
        _counter = tokenCounter;
        _maxTokens = options.MaxTokensOrDefault;
        _overlapTokens = options.OverlapTokensOrDefault;
        ArgumentOutOfRangeException.ThrowIfLessThan(_maxTokens, 1, "options.MaxTokens");
        ArgumentOutOfRangeException.ThrowIfNegative(_overlapTokens, "options.OverlapTokens");
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(_overlapTokens, _maxTokens, "options.OverlapTokens");
    }

    /// <inheritdoc />
    public IReadOnlyList<DocumentChunk> Chunk(ExtractedDocument document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var chunks = new List<DocumentChunk>();
        foreach (var (path, blocks) in Sections(document.Blocks))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var packer = new ChunkPacker(_counter, _maxTokens, _overlapTokens, path, chunks);
            foreach (var block in blocks)
            {
                AddBlock(packer, block);
            }

            packer.Flush();
        }

        return chunks;
    }

    /// <summary>Runs of content blocks that share a heading path. A heading ends the run before it; a heading with no
    /// content of its own and no subsection becomes a section holding just its text, so no text is lost.</summary>
    private static IEnumerable<(IReadOnlyList<string> Path, List<DocumentBlock> Blocks)> Sections(IReadOnlyList<DocumentBlock> blocks)
    {
        IReadOnlyList<string>? path = null;
        var current = new List<DocumentBlock>();
        for (int i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            if (block.Kind == BlockKind.Heading)
            {
                if (current.Count > 0)
                {
                    yield return (path!, current);
                    current = [];
                }

                path = null;
                var next = i + 1 < blocks.Count ? blocks[i + 1] : null;
                bool hasContent = next is not null && (next.Kind != BlockKind.Heading || (next.HeadingLevel ?? 1) > (block.HeadingLevel ?? 1));
                if (!hasContent)
                {
                    yield return (block.HeadingPath, [block with { Kind = BlockKind.Paragraph }]);
                }

                continue;
            }

            if (path is null || !path.SequenceEqual(block.HeadingPath))
            {
                if (current.Count > 0)
                {
                    yield return (path!, current);
                    current = [];
                }

                path = block.HeadingPath;
            }

            current.Add(block);
        }

        if (current.Count > 0)
        {
            yield return (path!, current);
        }
    }

    private void AddBlock(ChunkPacker packer, DocumentBlock block)
    {
        string text = block.Kind == BlockKind.ListItem ? "- " + block.Text : block.Text;
        bool lineOriented = block.Kind is BlockKind.Code or BlockKind.Table;
        var span = ChunkSpan.Of(block);
        if (packer.TryAppend(text, ChunkPacker.BlockSeparator, span, lineOriented))
        {
            return;
        }

        packer.Flush();
        if (packer.TryAppend(text, ChunkPacker.BlockSeparator, span, lineOriented))
        {
            return;
        }

        // Too large for any chunk: feed it in pieces of its own structure, so each chunk fills up after its overlap.
        switch (block.Kind)
        {
            case BlockKind.Table:
                AddTableRows(packer, text, span);
                break;
            case BlockKind.Code:
                AddLines(packer, block, text);
                break;
            default:
                var sentences = TextSegmenter.Sentences(text);
                for (int i = 0; i < sentences.Count; i++)
                {
                    AddUnit(packer, sentences[i], i == 0 ? ChunkPacker.BlockSeparator : " ", span, lineOriented: false);
                }

                break;
        }
    }

    private void AddTableRows(ChunkPacker packer, string text, ChunkSpan span)
    {
        var rows = text.Split('\n').Where(r => r.Trim().Length > 0).ToList();
        string header = rows[0];

        // The header row opens every piece, unless it leaves no room for a row.
        bool repeatHeader = rows.Count > 1 && Fits(header + "\n" + rows.Skip(1).MinBy(r => r.Length));
        if (!repeatHeader)
        {
            for (int i = 0; i < rows.Count; i++)
            {
                AddUnit(packer, rows[i], i == 0 ? ChunkPacker.BlockSeparator : "\n", span, lineOriented: true);
            }

            return;
        }

        AddUnit(packer, header + "\n" + rows[1], ChunkPacker.BlockSeparator, span, lineOriented: true);
        foreach (var row in rows.Skip(2))
        {
            if (packer.TryAppend(row, "\n", span, lineOriented: true))
            {
                continue;
            }

            packer.Flush();
            packer.SuppressOverlap();
            AddUnit(packer, header + "\n" + row, ChunkPacker.BlockSeparator, span, lineOriented: true);
        }
    }

    private void AddLines(ChunkPacker packer, DocumentBlock block, string text)
    {
        var lines = text.Split('\n');

        // Source blocks whose text lines are their source lines can cite each piece exactly.
        bool exact = block.StartLine is int start && block.EndLine is int end && end - start + 1 == lines.Length;
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0 && !packer.HasContent)
            {
                continue; // a piece does not start with a blank line
            }

            var span = exact ? new ChunkSpan(block.Page, block.Page, block.StartLine + i, block.StartLine + i) : ChunkSpan.Of(block);
            AddUnit(packer, lines[i], i == 0 ? ChunkPacker.BlockSeparator : "\n", span, lineOriented: true);
        }
    }

    /// <summary>Appends a unit, in a new chunk if needed; a unit larger than a chunk goes word by word, and a single word
    /// over the limit becomes a chunk of its own.</summary>
    private static void AddUnit(ChunkPacker packer, string unit, string separator, ChunkSpan span, bool lineOriented)
    {
        if (packer.TryAppend(unit, separator, span, lineOriented))
        {
            return;
        }

        packer.Flush();
        if (packer.TryAppend(unit, separator, span, lineOriented))
        {
            return;
        }

        var words = TextSegmenter.Words(unit);
        for (int i = 0; i < words.Length; i++)
        {
            string wordSeparator = i == 0 ? separator : " ";
            if (packer.TryAppend(words[i], wordSeparator, span, lineOriented: false))
            {
                continue;
            }

            packer.Flush();
            if (!packer.TryAppend(words[i], wordSeparator, span, lineOriented: false))
            {
                packer.AppendOversized(words[i], span);
            }
        }
    }

    private bool Fits(string text) => _counter.CountTokens(text) <= _maxTokens;
}
