namespace LocalKernel.Rag.Code;

/// <summary>
/// The extractor registry for repositories: <see cref="DocumentExtractorRegistry.CreateDefault"/> with C# split by
/// Roslyn (<see cref="CSharpCodeParser"/>) and the other common languages split at declarations
/// (<see cref="RuleBasedCodeParser"/>). Use it wherever source files are ingested (the <c>kb</c> app does too).
/// </summary>
public static class CodeExtractors
{
    /// <summary>A new default registry whose source-code extractors split at declarations.</summary>
    public static DocumentExtractorRegistry CreateRegistry()
    {
        var registry = DocumentExtractorRegistry.CreateDefault();
        foreach (var extension in registry.Extensions.ToList())
        {
            if (ParserFor(extension) is { } parser && registry.GetContentType("x" + extension) is { } contentType)
            {
                registry.Register(new SourceCodeExtractor(contentType, parser), extension);
            }
        }

        return registry;
    }

    /// <summary>The segmenter for a file extension (with the dot): Roslyn for C#, rules for other languages, else null.</summary>
    public static ICodeSegmenter? ParserFor(string extension) =>
        extension.Equals(".cs", StringComparison.OrdinalIgnoreCase) || extension.Equals(".csx", StringComparison.OrdinalIgnoreCase)
            ? CSharpCodeParser.Instance
            : DeclarationRules.ForExtension(extension) is { } rules ? new RuleBasedCodeParser(rules) : null;

    /// <summary>The segments and symbols of a file's text by its extension; null when no parser knows the language.</summary>
    public static CodeOutline? Outline(string extension, string text) => ParserFor(extension) switch
    {
        CSharpCodeParser csharp => csharp.Parse(text),
        RuleBasedCodeParser rules => rules.Parse(text),
        _ => null,
    };
}
