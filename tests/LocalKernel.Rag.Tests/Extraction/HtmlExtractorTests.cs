namespace LocalKernel.Rag.Tests;

public class HtmlExtractorTests
{
    [Fact]
    public async Task Content_keeps_its_structure_and_page_chrome_scripts_and_hidden_text_are_dropped()
    {
        await using var stream = File.OpenRead(TestFiles.Fixture("html/incident-report.html"));
        var document = await new HtmlExtractor().ExtractAsync(stream, ExtractionOptions.Default);
        string text = document.ToPlainText();

        Assert.Equal("Incident report 2024-17", document.Title);
        foreach (var dropped in new[] { "tracking code", "Waterworks intranet", "News", "Home", "Related", "Privacy", "enable JavaScript", "hidden", "Neither must" })
        {
            Assert.DoesNotContain(dropped, text, StringComparison.Ordinal);
        }

        var headings = document.Blocks.Where(b => b.Kind == BlockKind.Heading).ToList();
        Assert.Equal(["Incident report 2024-17", "Timeline", "Measurements", "Sensor log excerpt"], headings.Select(h => h.Text));
        Assert.Equal([1, 2, 2, 3], headings.Select(h => h.HeadingLevel!.Value));

        Assert.Contains(document.Blocks, b => b.Kind == BlockKind.Paragraph
            && b.Text == "At 02:14 the flow sensor on the main pipe reported a sudden drop.\nThe operator on duty switched to the backup line.");
        Assert.Equal(
            ["02:14 Alarm raised by the flow sensor.", "02:20 Backup line opened.", "Pressure stabilised within two minutes.", "03:05 Technician arrived on site."],
            document.Blocks.Where(b => b.Kind == BlockKind.ListItem).Select(b => b.Text));

        var table = Assert.Single(document.Blocks, b => b.Kind == BlockKind.Table);
        Assert.Equal("Time | Flow (m³/h) | Pressure (bar)\n02:10 | 410 | 4.2\n02:15 | 120 | 3.1\n02:30 | 395 | 4.1", table.Text);
        Assert.Equal(["Incident report 2024-17", "Measurements"], table.HeadingPath);

        var code = Assert.Single(document.Blocks, b => b.Kind == BlockKind.Code);
        Assert.Equal("02:14:07 FLOW-7 value=118.4 status=LOW\n02:14:09 FLOW-7 value=117.9 status=LOW", code.Text);
        Assert.Equal(["Incident report 2024-17", "Measurements", "Sensor log excerpt"], code.HeadingPath);

        Assert.Contains(document.Blocks, b => b.Text == "Root cause: a loose connector on the sensor cable. It was replaced the same morning.");
    }

    [Fact]
    public async Task A_layout_table_is_read_as_content_not_as_a_table()
    {
        const string Html = "<html><body><table><tr><td><h1>News</h1><p>First story text.</p></td><td><p>Second column text.</p></td></tr></table></body></html>";

        var document = await new HtmlExtractor().ExtractAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Html)), ExtractionOptions.Default);

        Assert.DoesNotContain(document.Blocks, b => b.Kind == BlockKind.Table);
        Assert.Equal(["News", "First story text.", "Second column text."], document.Blocks.Select(b => b.Text));
    }

    [Fact]
    public async Task A_page_without_visible_text_is_empty()
    {
        const string Html = "<html><head><title>t</title><script>var x = 1;</script></head><body><nav>menu</nav></body></html>";

        var error = await Assert.ThrowsAsync<DocumentExtractionException>(() =>
            new HtmlExtractor().ExtractAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Html)), ExtractionOptions.Default));

        Assert.Equal(ExtractionFailure.Empty, error.Reason);
    }

    [Fact(Timeout = 30_000)] // a hang guard: parsing 50,000 nested elements would take minutes
    public async Task Absurdly_deep_nesting_is_refused_before_parsing_instead_of_taking_quadratic_time()
    {
        string html = string.Concat(Enumerable.Repeat("<div>", 50_000)) + "text" + "<ul><li>item</li></ul>";

        var error = await Assert.ThrowsAsync<DocumentExtractionException>(() =>
            new HtmlExtractor().ExtractAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(html)), ExtractionOptions.Default));

        Assert.Equal(ExtractionFailure.TooLarge, error.Reason);
        Assert.Contains("512 deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sloppy_html_with_many_unclosed_list_items_and_paragraphs_is_still_read()
    {
        string html = "<ul>" + string.Concat(Enumerable.Range(1, 2000).Select(i => $"<li>item {i}")) + "</ul><p>one<p>two<br><img src=x>";

        var document = await new HtmlExtractor().ExtractAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(html)), ExtractionOptions.Default);

        Assert.Equal(2000, document.Blocks.Count(b => b.Kind == BlockKind.ListItem));
        Assert.Equal("two", document.Blocks[^1].Text);
    }
}
