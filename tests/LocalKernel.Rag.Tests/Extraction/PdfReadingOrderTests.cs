using System.Globalization;
using System.Text;

namespace LocalKernel.Rag.Tests;

/// <summary>Reading order across the page, reproduced in minimal PDFs from layouts measured in the corpus.</summary>
public class PdfReadingOrderTests
{
    private static readonly PdfExtractor Extractor = new();

    [Fact]
    public async Task Terms_set_beside_their_definitions_are_each_read_before_their_own_definition()
    {
        // xorg's ReleaseNotes.pdf (DocBook through Apache FOP): a heading, then a variable list with each term at x = 120
        // on the baseline of the first line of its definition at x = 274. Read as two columns, all terms came first.
        var content = new StringBuilder("BT /F1 14 Tf 1 0 0 1 72 700 Tm (Future Removals) Tj ET\n");
        string[] terms = ["DGA version two", "Input device discovery via HAL", "Nested and virtual servers"];
        double baseline = 670;
        for (int t = 0; t < terms.Length; t++)
        {
            content.Append(CultureInfo.InvariantCulture, $"BT /F1 9 Tf 1 0 0 1 120 {baseline} Tm ({terms[t]}) Tj ET\n");
            for (int line = 0; line < 3; line++)
            {
                content.Append(CultureInfo.InvariantCulture, $"BT /F1 9 Tf 1 0 0 1 274 {baseline} Tm (definition {t} line {line} goes on here) Tj ET\n");
                baseline -= 12;
            }

            baseline -= 15;
        }

        var text = await ExtractAsync(content.ToString());

        int first = text.IndexOf("Input device", StringComparison.Ordinal);
        Assert.True(text.IndexOf("definition 0 line 2", StringComparison.Ordinal) < first, text);
        Assert.True(first < text.IndexOf("definition 1 line 0", StringComparison.Ordinal), text);
        Assert.True(text.IndexOf("definition 1 line 2", StringComparison.Ordinal) < text.IndexOf("Nested", StringComparison.Ordinal), text);
        Assert.StartsWith("Future Removals", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_whose_last_column_wraps_is_read_row_by_row_even_with_a_one_line_note_among_them()
    {
        // docutils' quickref printed by Chromium: markup | result | notes, where most notes wrap onto several lines and
        // some ("See Footnotes.") take one. Requiring every note to wrap cut the notes off as a column of their own.
        // Rows here follow at the line pitch; where they are spaced apart, bands may still be cut between them first.
        var content = new StringBuilder();
        (string Markup, int NoteLines)[] rows = [("*emphasis*", 2), ("reference_", 3), ("footnote [1]_", 1), ("anonymous__", 3), ("|substitution|", 2)];
        double baseline = 700;
        for (int r = 0; r < rows.Length; r++)
        {
            content.Append(CultureInfo.InvariantCulture, $"BT /F1 9 Tf 1 0 0 1 72 {baseline} Tm ({rows[r].Markup}) Tj ET\n");
            content.Append(CultureInfo.InvariantCulture, $"BT /F1 9 Tf 1 0 0 1 180 {baseline} Tm (result {r}) Tj ET\n");
            for (int line = 0; line < rows[r].NoteLines; line++)
            {
                content.Append(CultureInfo.InvariantCulture, $"BT /F1 9 Tf 1 0 0 1 300 {baseline} Tm (note {r} line {line} says more here) Tj ET\n");
                baseline -= 12;
            }
        }

        var text = await ExtractAsync(content.ToString());

        for (int r = 1; r < rows.Length; r++)
        {
            Assert.True(text.IndexOf($"note {r - 1} line 0", StringComparison.Ordinal) < text.IndexOf($"result {r}", StringComparison.Ordinal), text);
        }
    }

    [Fact]
    public async Task Two_columns_with_a_paragraph_break_on_one_side_are_still_read_column_by_column()
    {
        // The guard for the rule above: a blank line on the left puts right lines between two left ones only there.
        var content = new StringBuilder();
        for (int line = 0; line < 8; line++)
        {
            if (line != 4)
            {
                content.Append(CultureInfo.InvariantCulture, $"BT /F1 9 Tf 1 0 0 1 72 {700 - (12 * line)} Tm (left column line {line} text) Tj ET\n");
            }

            content.Append(CultureInfo.InvariantCulture, $"BT /F1 9 Tf 1 0 0 1 320 {700 - (12 * line)} Tm (right column line {line} text) Tj ET\n");
        }

        var text = await ExtractAsync(content.ToString());

        Assert.True(text.IndexOf("left column line 7", StringComparison.Ordinal) < text.IndexOf("right column line 0", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task Two_columns_whose_lines_share_baselines_are_still_read_column_by_column()
    {
        // The guard: in text columns, consecutive lines on the left face consecutive lines on the right.
        var content = new StringBuilder();
        for (int line = 0; line < 4; line++)
        {
            content.Append(CultureInfo.InvariantCulture, $"BT /F1 9 Tf 1 0 0 1 72 {700 - (12 * line)} Tm (left column line {line} text) Tj ET\n");
            content.Append(CultureInfo.InvariantCulture, $"BT /F1 9 Tf 1 0 0 1 320 {700 - (12 * line)} Tm (right column line {line} text) Tj ET\n");
        }

        var text = await ExtractAsync(content.ToString());

        Assert.True(text.IndexOf("left column line 3", StringComparison.Ordinal) < text.IndexOf("right column line 0", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task A_sorted_list_set_in_two_columns_is_read_down_each_column()
    {
        // xorg's ReleaseNotes (a DocBook vertical simplelist through FOP) and GAP's index: names sorted A-M down the left
        // column and M-Z down the right, row by row on the page. Read as table rows they alternated halves of the list.
        string[] left = ["Aapo Rantalainen", "Aaron Culich", "Adam Jackson", "Alan Coopersmith", "Bart Massey"];
        string[] right = ["Lev Nezhdanov", "Linus Arver", "Luc Verhaegen", "Maarten Lankhorst", "Matt Turner"];
        var content = new StringBuilder();
        for (int row = 0; row < left.Length; row++)
        {
            content.Append(CultureInfo.InvariantCulture, $"BT /F1 9 Tf 1 0 0 1 72 {700 - (12 * row)} Tm ({left[row]}) Tj ET\n");
            content.Append(CultureInfo.InvariantCulture, $"BT /F1 9 Tf 1 0 0 1 300 {700 - (12 * row)} Tm ({right[row]}) Tj ET\n");
        }

        var text = await ExtractAsync(content.ToString());

        Assert.Equal(string.Join('\n', left.Concat(right)), text);
    }

    [Fact]
    public async Task A_table_whose_first_column_alone_is_sorted_is_still_read_row_by_row()
    {
        // The guard: xorg's driver table, names sorted, descriptions not; each row is a record.
        (string Name, string Description)[] rows = [("ark", "Ark Logic"), ("ast", "ASPEED Technology"), ("cirrus", "Cirrus Logic"), ("dummy", "Virtual framebuffer"), ("fbdev", "Linux framebuffer device")];
        var content = new StringBuilder();
        for (int row = 0; row < rows.Length; row++)
        {
            content.Append(CultureInfo.InvariantCulture, $"BT /F1 9 Tf 1 0 0 1 72 {700 - (12 * row)} Tm ({rows[row].Name}) Tj ET\n");
            content.Append(CultureInfo.InvariantCulture, $"BT /F1 9 Tf 1 0 0 1 300 {700 - (12 * row)} Tm ({rows[row].Description}) Tj ET\n");
        }

        var text = await ExtractAsync(content.ToString());

        Assert.Equal(string.Join('\n', rows.Select(r => $"{r.Name} | {r.Description}")), text);
    }

    [Fact]
    public async Task Each_contents_entry_is_a_paragraph_of_its_own_and_a_wrapped_one_stays_whole()
    {
        // LaTeX's and Doxygen's contents pages set entries at the line pitch, so a page of them was one paragraph. An
        // entry ends at its page number (a fragment of its own or not); a title that wraps continues onto the next line.
        string[] lines =
        [
            "1.1 Legalese . . . . . . . . . . 1",
            "1.2 Obtaining this document . . . . . . . 1",
            "1.3 What are the differences between R and S, and which of",
            "them should I use? . . . . . . . iv",
            "1.4 Notation",
        ];
        var content = new StringBuilder();
        for (int i = 0; i < lines.Length; i++)
        {
            content.Append(CultureInfo.InvariantCulture, $"BT /F1 10 Tf 1 0 0 1 72 {700 - (12 * i)} Tm ({lines[i]}) Tj ET\n");
        }

        var text = await ExtractAsync(content.ToString());

        Assert.Contains(lines[0] + "\n\n" + lines[1] + "\n\n", text, StringComparison.Ordinal);
        Assert.Contains(lines[2] + " " + lines[3] + "\n\n1.4 Notation", text, StringComparison.Ordinal);
    }

    private static async Task<string> ExtractAsync(string content)
    {
        var pdf = TestPdfWriter.OnePage(TestPdfWriter.Stream(string.Empty, Encoding.ASCII.GetBytes(content))).ToArray();
        return (await Extractor.ExtractAsync(new MemoryStream(pdf), ExtractionOptions.Default)).ToPlainText();
    }
}
