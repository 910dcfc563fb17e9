using System.Text;
using LocalKernel.Rag.Code;

namespace LocalKernel.Rag.Tests;

public class SourceCodeExtractorTests
{
    [Fact]
    public async Task CSharp_is_split_at_declarations_with_comments_and_attributes_attached()
    {
        var document = await ExtractAsync(SourceCodeExtractor.CSharpContentType, File.ReadAllBytes(TestFiles.Fixture("code/PumpController.cs")));

        Assert.All(document.Blocks, b => Assert.Equal(BlockKind.Code, b.Kind));
        Assert.Equal("using System;\nusing System.Collections.Generic;\n\nnamespace Waterworks.Control;", document.Blocks[0].Text);
        Assert.Empty(document.Blocks[0].HeadingPath);

        var type = Block(document, "/// <summary>Controls the pumps");
        Assert.Equal(["Waterworks.Control", "PumpController"], type.HeadingPath);
        Assert.Contains("[Serializable]\npublic sealed class PumpController : IDisposable", type.Text, StringComparison.Ordinal);
        Assert.Equal((6, 9), (type.StartLine!.Value, type.EndLine!.Value));

        // A method keeps its doc comment and its whole body, braces in strings notwithstanding.
        var method = Block(document, "    /// <summary>Sets the speed of a pump.</summary>");
        Assert.Equal((18, 31), (method.StartLine!.Value, method.EndLine!.Value));
        Assert.EndsWith("_speeds[pump] = Math.Min(rpm, MaxSpeed);\n    }", method.Text, StringComparison.Ordinal);
        Assert.Contains(document.Blocks, b => b.Text.StartsWith("    // Stops every pump", StringComparison.Ordinal) && b.Text.EndsWith("    }", StringComparison.Ordinal));
        Assert.Contains(document.Blocks, b => b.Text == "    /// <summary>Maximum speed in rpm.</summary>\n    public double MaxSpeed { get; init; } = 1450;");

        // Nested types get their own breadcrumb; enums stay whole; interfaces split per member.
        Assert.Contains(document.Blocks, b => b.HeadingPath.SequenceEqual(["Waterworks.Control", "PumpController", "Reading"]));
        var pumpState = Assert.Single(document.Blocks, b => b.HeadingPath.SequenceEqual(["Waterworks.Control", "PumpState"]));
        Assert.EndsWith("Faulted,\n}", pumpState.Text, StringComparison.Ordinal);
        Assert.Equal(3, document.Blocks.Count(b => b.HeadingPath.SequenceEqual(["Waterworks.Control", "IPumpSensor"])));

        // Every non-blank line of the file is in exactly one block, in order.
        var lines = File.ReadAllLines(TestFiles.Fixture("code/PumpController.cs"));
        var covered = document.Blocks.SelectMany(b => Enumerable.Range(b.StartLine!.Value, b.EndLine!.Value - b.StartLine.Value + 1)).ToList();
        Assert.Equal(covered.Distinct().Order(), covered);
        Assert.All(Enumerable.Range(1, lines.Length).Where(n => lines[n - 1].Trim().Length > 0), n => Assert.Contains(n, covered));
    }

    [Fact]
    public async Task Block_scoped_namespaces_and_generic_constraints_do_not_confuse_the_scanner()
    {
        const string Source = """
            namespace Outer.Inner
            {
                // The constraint says "class" but this is a method.
                internal static class Helpers
                {
                    public static T First<T>(IEnumerable<T> items) where T : class
                    {
                        foreach (var item in items) { return item; }
                        return null!;
                    }

                    public static string Braces => "}}}{{{";
                }
            }
            """;

        var document = await ExtractAsync(SourceCodeExtractor.CSharpContentType, Encoding.UTF8.GetBytes(Source));

        var method = Block(document, "        public static T First<T>");
        Assert.Equal(["Outer.Inner", "Helpers"], method.HeadingPath);
        Assert.EndsWith("return null!;\n        }", method.Text, StringComparison.Ordinal);
        Assert.Contains(document.Blocks, b => b.Text.Contains("Braces =>", StringComparison.Ordinal) && b.HeadingPath.SequenceEqual(["Outer.Inner", "Helpers"]));
    }

    [Fact]
    public async Task Other_languages_are_split_at_blank_lines()
    {
        var document = await ExtractAsync("text/x-python", File.ReadAllBytes(TestFiles.Fixture("code/levels.py")));

        Assert.Equal("text/x-python", document.ContentType);
        Assert.Equal([(1, 1), (3, 3), (6, 8), (11, 12)], document.Blocks.Select(b => (b.StartLine!.Value, b.EndLine!.Value)));
        Assert.StartsWith("def mean_level(readings):", document.Blocks[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_script_without_types_falls_back_to_blank_line_blocks()
    {
        var document = await ExtractAsync(SourceCodeExtractor.CSharpContentType, Encoding.UTF8.GetBytes("Console.WriteLine(1);\n\nConsole.WriteLine(2);\n"));

        Assert.Equal(["Console.WriteLine(1);", "Console.WriteLine(2);"], document.Blocks.Select(b => b.Text));
    }

    [Fact]
    public async Task Hostile_nesting_of_braces_and_interpolated_strings_neither_crashes_nor_hangs()
    {
        string source = "class A {" + new string('{', 200_000) + string.Concat(Enumerable.Repeat("$\"{", 50_000));

        var document = await ExtractAsync(SourceCodeExtractor.CSharpContentType, Encoding.UTF8.GetBytes(source));

        Assert.NotEmpty(document.Blocks);
    }

    private static DocumentBlock Block(ExtractedDocument document, string start) =>
        Assert.Single(document.Blocks, b => b.Text.StartsWith(start, StringComparison.Ordinal));

    // C# is split by the Roslyn segmenter of LocalKernel.Rag.Code (the core library carries no parser).
    private static Task<ExtractedDocument> ExtractAsync(string contentType, byte[] bytes) =>
        new SourceCodeExtractor(contentType, contentType == SourceCodeExtractor.CSharpContentType ? CSharpCodeParser.Instance : null)
            .ExtractAsync(new MemoryStream(bytes), ExtractionOptions.Default);
}
