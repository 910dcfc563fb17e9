namespace LocalKernel.Rag.Code.Tests;

public class ParserTests
{
    [Fact]
    public void Python_is_split_at_classes_and_functions_with_comments_and_decorators_attached()
    {
        const string Source = "import os\n\n# Reads the config.\n@cache\ndef read_config(path):\n    x = call(\n        1,\n    )\n    return x\n\nclass Store:\n    def get(self, key):\n        return key\n";

        var outline = new RuleBasedCodeParser(DeclarationRules.Python).Parse(Source);

        Assert.Equal([(1, 1), (3, 9), (11, 11), (12, 13)], outline.Segments!.Select(s => (s.FirstLine, s.LastLine)));
        Assert.Equal(["Store"], outline.Segments![3].HeadingPath);
        Assert.Equal(["read_config", "Store", "get"], outline.Symbols.Select(s => s.Name));
        Assert.Equal((5, 9), (outline.Symbols[0].StartLine, outline.Symbols[0].EndLine));
    }

    [Fact]
    public void A_declaration_inside_an_open_bracket_or_string_is_not_a_split_point()
    {
        const string Source = "const handlers = [\n  function inner() {},\n];\nconst text = `\nfunction fake() {}\n`;\nexport function real() {\n  return 1;\n}\n";

        var outline = new RuleBasedCodeParser(DeclarationRules.JavaScript).Parse(Source);

        Assert.DoesNotContain(outline.Symbols, s => s.Name is "inner");
        Assert.Contains(outline.Symbols, s => s.Name == "real" && s.StartLine == 7);
    }

    [Fact]
    public void A_file_without_declarations_has_no_segments()
    {
        Assert.Null(new RuleBasedCodeParser(DeclarationRules.Shell).Parse("echo hello\necho world\n").Segments);
        Assert.Null(CSharpCodeParser.Instance.Parse("Console.WriteLine(1);\n").Segments);
    }

    [Fact]
    public void Roslyn_symbols_carry_namespaces_containing_types_and_line_spans()
    {
        const string Source = "namespace A.B\n{\n    public class Outer\n    {\n        public class Inner\n        {\n            public int Value { get; }\n        }\n\n        public event System.Action? Changed;\n    }\n}\n";

        var outline = CSharpCodeParser.Instance.Parse(Source);

        Assert.Contains(outline.Symbols, s => s is { Name: "Value", Kind: "property", Container: "A.B.Outer.Inner", StartLine: 7, EndLine: 7 });
        Assert.Contains(outline.Symbols, s => s is { Name: "Changed", Kind: "event", Container: "A.B.Outer" });
        Assert.Contains(outline.Segments!, s => s.HeadingPath.SequenceEqual(["A.B", "Outer", "Inner"]));
    }
}
