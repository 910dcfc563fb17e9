namespace LocalKernel.Rag.Tests;

public class MarkdownExtractorTests
{
    [Fact]
    public async Task Headings_paragraphs_lists_tables_and_code_keep_structure_and_line_spans()
    {
        await using var stream = File.OpenRead(TestFiles.Fixture("markdown/operations-guide.md"));
        var document = await new MarkdownExtractor().ExtractAsync(stream, ExtractionOptions.Default);

        Assert.Equal("Operations guide", document.Title); // from the front matter
        Assert.Equal("text/markdown", document.ContentType);

        var headings = document.Blocks.Where(b => b.Kind == BlockKind.Heading).ToList();
        Assert.Equal(["Operations guide", "Morning checks", "Gauge reference", "Data export"], headings.Select(h => h.Text));
        Assert.Equal([1, 2, 3, 2], headings.Select(h => h.HeadingLevel!.Value));
        Assert.Equal(["Operations guide", "Morning checks"], headings[2].HeadingPath);

        var intro = Assert.Single(document.Blocks, b => b.Text.StartsWith("The guide describes", StringComparison.Ordinal));
        Assert.Equal("The guide describes the daily routine of the pumping station. It is written for new operators.", intro.Text);
        Assert.Equal((8, 9), (intro.StartLine!.Value, intro.EndLine!.Value));

        var items = document.Blocks.Where(b => b.Kind == BlockKind.ListItem).ToList();
        Assert.Equal(5, items.Count);
        Assert.Equal("Read the pressure gauges at the intake.", items[0].Text);
        Assert.Equal("Note any deviation above five percent.", items[2].Text);
        Assert.Equal((14, 14), (items[1].StartLine!.Value, items[1].EndLine!.Value));

        Assert.Contains(document.Blocks, b => b.Kind == BlockKind.Paragraph && b.Text == "Safety first: never open the dosing cabinet without gloves.");

        var table = Assert.Single(document.Blocks, b => b.Kind == BlockKind.Table);
        Assert.Equal("Gauge | Normal range | Unit\nIntake pressure | 2.1 – 2.6 | bar\nOutflow pressure | 4.0 – 4.4 | bar\nChlorine residual | 0.2 – 0.5 | mg/l", table.Text);
        Assert.Equal((23, 27), (table.StartLine!.Value, table.EndLine!.Value));
        Assert.Equal(["Operations guide", "Morning checks", "Gauge reference"], table.HeadingPath);

        var code = document.Blocks.Where(b => b.Kind == BlockKind.Code).ToList();
        Assert.Equal("station-cli export --from today --format csv > readings.csv", code[0].Text);
        Assert.Equal((33, 35), (code[0].StartLine!.Value, code[0].EndLine!.Value));
        Assert.Equal("# indented code also counts\nstation-cli status", code[1].Text);

        Assert.Contains(document.Blocks, b => b.Text == "Further details are in the maintenance manual and on the wiki.");
        Assert.DoesNotContain(document.Blocks, b => b.Text.Contains("author:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Absurd_nesting_is_malformed_not_a_stack_overflow()
    {
        string markdown = new string('>', 100_000) + " quote";

        var error = await Assert.ThrowsAsync<DocumentExtractionException>(() =>
            new MarkdownExtractor().ExtractAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(markdown)), ExtractionOptions.Default));

        Assert.Equal(ExtractionFailure.Malformed, error.Reason);
    }

    [Fact]
    public async Task Containers_nested_past_the_limit_keep_their_text_flattened()
    {
        string markdown = string.Join("\n", Enumerable.Range(0, 12).Select(i => new string(' ', i * 2) + "- level " + i));

        var document = await new MarkdownExtractor().ExtractAsync(
            new MemoryStream(System.Text.Encoding.UTF8.GetBytes(markdown)), new ExtractionOptions { MaxNestingDepth = 6 });

        Assert.All(Enumerable.Range(0, 12), i => Assert.Contains($"level {i}", document.ToPlainText(), StringComparison.Ordinal));
    }
}
