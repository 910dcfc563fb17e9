namespace LocalKernel.Rag.Code;

/// <summary>A declaration found in a source file: what the symbol table stores and <c>find_symbol</c> returns.</summary>
/// <param name="Name">The declared name, e.g. "GgufReader" or "ReadHeader".</param>
/// <param name="Kind">"namespace", "class", "struct", "interface", "enum", "record", "delegate", "method", "constructor",
/// "property", "field", "event", "function", "type", "macro", "heading", … by language.</param>
/// <param name="Container">The enclosing namespace and declarations joined with '.', empty at top level.</param>
/// <param name="Path">The file, relative to the repository root, with '/' separators.</param>
/// <param name="StartLine">1-based first line of the declaration (attributes included, leading comments not).</param>
/// <param name="EndLine">1-based last line.</param>
public sealed record CodeSymbol(string Name, string Kind, string Container, string Path, int StartLine, int EndLine)
{
    /// <summary>The qualified name: container and name joined with '.'.</summary>
    public string QualifiedName => Container.Length == 0 ? Name : Container + "." + Name;
}
