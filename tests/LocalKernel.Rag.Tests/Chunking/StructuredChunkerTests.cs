namespace LocalKernel.Rag.Tests;

public class StructuredChunkerTests
{
    private static readonly string[] Intro = ["Intro"];

    [Fact]
    public void Small_sections_become_one_chunk_each_and_never_share_a_chunk()
    {
        var document = Doc(
            Heading("Intro", 1, []),
            Paragraph("Alpha one.", Intro),
            Item("Beta two.", Intro),
            Heading("Setup", 1, []),
            Paragraph("Gamma three.", ["Setup"]));

        var chunks = Chunker(maxTokens: 100).Chunk(document);

        Assert.Equal(2, chunks.Count);
        Assert.Equal("Alpha one.\n\n- Beta two.", chunks[0].Text);
        Assert.Equal(Intro, chunks[0].HeadingPath);
        Assert.Equal("Intro", chunks[0].Breadcrumb);
        Assert.Equal("Gamma three.", chunks[1].Text);
        Assert.Equal([0, 1], chunks.Select(c => c.Index));
        Assert.Equal(2, chunks[1].TokenCount);
    }

    [Fact]
    public void Subsections_keep_the_whole_breadcrumb_and_a_heading_without_content_is_not_lost()
    {
        var document = Doc(
            Heading("Install", 1, []),
            Heading("GPU", 2, ["Install"]),
            Paragraph("Use the CUDA build.", ["Install", "GPU"]),
            Heading("Appendix", 1, []));

        var chunks = Chunker(maxTokens: 100).Chunk(document);

        Assert.Equal(2, chunks.Count);
        Assert.Equal("Install › GPU", chunks[0].Breadcrumb);
        Assert.Equal("Appendix", chunks[1].Text);
        Assert.Empty(chunks[1].HeadingPath);
    }

    [Fact]
    public void A_long_paragraph_is_split_at_sentences_and_the_next_chunk_starts_with_the_previous_sentence()
    {
        var sentences = Enumerable.Range(1, 12).Select(i => $"Sentence number {i} has exactly seven words.").ToList();
        var document = Doc(Paragraph(string.Join(" ", sentences), Intro));

        var chunks = Chunker(maxTokens: 30, overlapTokens: 8).Chunk(document);

        Assert.True(chunks.Count > 3);
        Assert.All(chunks, c => Assert.True(c.TokenCount <= 30, c.Text));
        Assert.All(chunks, c => Assert.EndsWith("words.", c.Text, StringComparison.Ordinal)); // pieces end at sentence ends
        for (int i = 1; i < chunks.Count; i++)
        {
            string previousLast = sentences.Last(s => chunks[i - 1].Text.EndsWith(s, StringComparison.Ordinal));
            Assert.StartsWith(previousLast, chunks[i].Text, StringComparison.Ordinal); // one 7-word sentence fits the overlap of 8
        }
    }

    [Fact]
    public void Overlap_never_crosses_into_another_section()
    {
        var document = Doc(
            Paragraph(string.Join(" ", Enumerable.Repeat("Filler sentence of five.", 10)), ["A"]),
            Paragraph("Other section text.", ["B"]));

        var chunks = Chunker(maxTokens: 20, overlapTokens: 6).Chunk(document);

        Assert.Equal("Other section text.", chunks[^1].Text);
        Assert.Equal(["B"], chunks[^1].HeadingPath);
    }

    [Fact]
    public void A_sentence_longer_than_a_chunk_is_split_at_words_and_a_giant_word_stands_alone()
    {
        string giant = new('x', 5000);
        var words = string.Join(" ", Enumerable.Range(1, 50).Select(i => "w" + i));
        var document = Doc(Paragraph($"{words} {giant} tail words here", Intro));

        var chunks = new StructuredChunker(ApproximateTokenCounter.Instance, new ChunkingOptions { MaxTokens = 20, OverlapTokens = 0 }).Chunk(document);

        var oversized = Assert.Single(chunks, c => c.TokenCount > 20);
        Assert.Equal(giant, oversized.Text); // documented exception: one word over the limit
        Assert.Equal(words + " " + giant + " tail words here", string.Join(" ", chunks.Select(c => c.Text)));
    }

    [Fact]
    public void A_table_that_fits_stays_whole_and_a_large_one_is_split_by_rows_with_its_header_in_every_piece()
    {
        string header = "Sensor | Location | Status";
        var rows = Enumerable.Range(1, 30).Select(i => $"S{i} | Hall {i} | ok").ToList();
        var small = Doc(Paragraph("Before the table.", Intro), Table(header + "\n" + string.Join("\n", rows.Take(3)), Intro));
        var large = Doc(Paragraph("Before the table, a sentence long enough to leave overlap.", Intro), Table(header + "\n" + string.Join("\n", rows), Intro));

        var whole = Chunker(maxTokens: 60).Chunk(small);
        Assert.Single(whole);
        Assert.EndsWith(header + "\n" + string.Join("\n", rows.Take(3)), whole[0].Text, StringComparison.Ordinal);

        var pieces = Chunker(maxTokens: 40, overlapTokens: 10).Chunk(large).Where(c => c.Text.Contains("| ok", StringComparison.Ordinal)).ToList();
        Assert.True(pieces.Count >= 3);
        Assert.All(pieces, p => Assert.True(p.TokenCount <= 40));
        Assert.All(pieces.Skip(1), p => Assert.StartsWith(header + "\n", p.Text, StringComparison.Ordinal));
        Assert.Equal(rows, pieces.SelectMany(p => p.Text.Split('\n')).Where(r => r.StartsWith('S') && r != header).Distinct());
    }

    [Fact]
    public void A_code_block_that_fits_stays_whole_and_a_large_one_is_split_at_lines_with_exact_line_spans()
    {
        var lines = Enumerable.Range(1, 40).Select(i => $"    call step {i};").ToList();
        var block = new DocumentBlock(BlockKind.Code, string.Join("\n", lines), ["Program"], StartLine: 101, EndLine: 140);

        var chunks = Chunker(maxTokens: 30, overlapTokens: 0).Chunk(Doc(block));

        Assert.True(chunks.Count > 1);
        Assert.Equal(lines, chunks.SelectMany(c => c.Text.Split('\n')));
        Assert.Equal(101, chunks[0].LineStart);
        Assert.Equal(140, chunks[^1].LineEnd);
        for (int i = 1; i < chunks.Count; i++)
        {
            Assert.Equal(chunks[i - 1].LineEnd + 1, chunks[i].LineStart);
            Assert.Equal(chunks[i].LineStart + chunks[i].Text.Split('\n').Length - 1, chunks[i].LineEnd);
        }
    }

    [Fact]
    public async Task Source_declarations_stay_whole_when_they_fit()
    {
        var document = await new SourceCodeExtractor(SourceCodeExtractor.CSharpContentType, LocalKernel.Rag.Code.CSharpCodeParser.Instance)
            .ExtractAsync(File.OpenRead(TestFiles.Fixture("code/PumpController.cs")), ExtractionOptions.Default);

        var chunks = new StructuredChunker(ApproximateTokenCounter.Instance, new ChunkingOptions { MaxTokens = 200, OverlapTokens = 0 }).Chunk(document);

        var declarations = document.Blocks.ToList();
        Assert.All(declarations, d => Assert.Contains(chunks, c => c.Text.Contains(d.Text, StringComparison.Ordinal)));
        var setSpeed = Assert.Single(chunks, c => c.Text.Contains("public void SetSpeed", StringComparison.Ordinal));
        Assert.Equal(["Waterworks.Control", "PumpController"], setSpeed.HeadingPath);
        Assert.True(setSpeed.LineStart <= 18 && setSpeed.LineEnd >= 31);
        Assert.All(chunks, c => Assert.True(c.TokenCount <= 200));
        Assert.True(chunks.Count < document.Blocks.Count, "small declarations of one type share a chunk");
    }

    [Fact]
    public async Task Chunks_record_the_pages_and_lines_of_their_blocks()
    {
        await using var pdf = File.OpenRead(TestFiles.Fixture("pdf/groff-report.pdf"));
        var report = await new PdfExtractor().ExtractAsync(pdf, ExtractionOptions.Default);
        var pdfChunks = new StructuredChunker().Chunk(report);
        var section5 = Assert.Single(pdfChunks, c => c.HeadingPath.LastOrDefault() == "6. Section number 5");
        Assert.Equal((1, 2), (section5.PageStart!.Value, section5.PageEnd!.Value)); // the section runs over a page break
        Assert.All(pdfChunks, c => Assert.NotNull(c.PageStart));

        await using var markdown = File.OpenRead(TestFiles.Fixture("markdown/operations-guide.md"));
        var guide = await new MarkdownExtractor().ExtractAsync(markdown, ExtractionOptions.Default);
        var morning = Assert.Single(new StructuredChunker().Chunk(guide), c => c.Breadcrumb == "Operations guide › Morning checks");
        Assert.Equal((13, 19), (morning.LineStart!.Value, morning.LineEnd!.Value));
        Assert.Null(morning.PageStart);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StructuredChunker(WordTokenCounter.Instance, new ChunkingOptions { MaxTokens = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StructuredChunker(WordTokenCounter.Instance, new ChunkingOptions { MaxTokens = 10, OverlapTokens = 10 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StructuredChunker(WordTokenCounter.Instance, new ChunkingOptions { OverlapTokens = -1 }));
    }

    [Fact]
    public void The_defaults_are_256_tokens_with_32_of_overlap()
    {
        // Three-word sentences: the overlap is the last ten sentences (30 words), the most that fit in 32 tokens.
        var text = string.Join(" ", Enumerable.Range(1, 600).Select(i => $"Word{i} is here."));
        var chunks = new StructuredChunker(WordTokenCounter.Instance).Chunk(Doc(Paragraph(text, Intro)));

        Assert.All(chunks, c => Assert.True(c.TokenCount <= 256));
        Assert.True(chunks[0].TokenCount > 250);
        var first = chunks[0].Text.Split(' ');
        var second = chunks[1].Text.Split(' ');
        Assert.Equal(first[^30..], second[..30]);
        Assert.NotEqual(first[^31], second[0]);
    }

    internal static StructuredChunker Chunker(int maxTokens, int overlapTokens = 0) =>
        new(WordTokenCounter.Instance, new ChunkingOptions { MaxTokens = maxTokens, OverlapTokens = overlapTokens });

    internal static ExtractedDocument Doc(params DocumentBlock[] blocks) => new("text/plain", null, blocks);

    private static DocumentBlock Heading(string text, int level, string[] above) => new(BlockKind.Heading, text, above, level);

    private static DocumentBlock Paragraph(string text, string[] path) => new(BlockKind.Paragraph, text, path);

    private static DocumentBlock Item(string text, string[] path) => new(BlockKind.ListItem, text, path);

    private static DocumentBlock Table(string text, string[] path) => new(BlockKind.Table, text, path);
}
