using System.Text.RegularExpressions;

namespace LocalKernel.Rag.Code;

/// <summary>
/// The declaration rules of one language for <see cref="RuleBasedCodeParser"/>: a pattern per declaration kind (each
/// with a <c>name</c> group) and whether blocks are delimited by braces or by indentation.
/// </summary>
/// <param name="Language">A short name, e.g. "python".</param>
/// <param name="Declarations">(kind, pattern) pairs tried in order on each line.</param>
/// <param name="IndentationScoped">True for Python-like languages where a block is its indented lines.</param>
/// <param name="LineComment">The line-comment prefix ("//", "#", "--").</param>
/// <param name="MaxSplitDepth">The deepest nesting (braces or indentation levels) at which a declaration starts a segment.</param>
public sealed partial record DeclarationRules(
    string Language,
    IReadOnlyList<(string Kind, Regex Pattern)> Declarations,
    bool IndentationScoped,
    string LineComment,
    int MaxSplitDepth)
{
    private const string Mods = @"(?:(?:public|private|protected|internal|static|final|abstract|sealed|open|override|data|inline|suspend|export|default|declare|async|readonly|virtual|extern|unsafe|const|pub(?:\([^)]*\))?)\s+)*";

    /// <summary>Python: classes, functions and methods (decorators and comments directly above travel with them).</summary>
    public static DeclarationRules Python { get; } = new("python",
    [
        ("class", Rx(@"^\s*class\s+(?<name>\w+)")),
        ("function", Rx(@"^\s*(?:async\s+)?def\s+(?<name>\w+)")),
    ], true, "#", 1);

    /// <summary>JavaScript and TypeScript: classes, functions, interfaces, types, enums, top-level constants, methods.</summary>
    public static DeclarationRules JavaScript { get; } = new("javascript",
    [
        ("class", Rx($@"^\s*{Mods}(?:class|interface|enum|namespace|module)\s+(?<name>[\w$]+)")),
        ("function", Rx($@"^\s*{Mods}function\*?\s+(?<name>[\w$]+)")),
        ("type", Rx($@"^{Mods}type\s+(?<name>[\w$]+)\s*(?:<[^=]*>)?\s*=")),
        ("constant", Rx($@"^{Mods}(?:const|let|var)\s+(?<name>[\w$]+)\s*(?::[^=]+)?=")),
        ("method", Rx(@"^\s+(?:(?:public|private|protected|static|async|readonly|get|set|override)\s+)*(?<name>(?!if\b|for\b|while\b|switch\b|catch\b|return\b)[\w$]+)\s*(?:<[^>]*>)?\([^;]*$")),
    ], false, "//", 1);

    /// <summary>Go: functions, methods, types and top-level var/const blocks.</summary>
    public static DeclarationRules Go { get; } = new("go",
    [
        ("function", Rx(@"^func\s+(?:\([^)]*\)\s*)?(?<name>\w+)")),
        ("type", Rx(@"^type\s+(?<name>\w+)")),
        ("variable", Rx(@"^(?:var|const)\s+(?<name>\w+)")),
    ], false, "//", 0);

    /// <summary>Java, Kotlin, Scala, Swift, Dart: types and methods.</summary>
    public static DeclarationRules Java { get; } = new("java",
    [
        ("class", Rx($@"^\s*(?:@\w+\s+)*{Mods}(?:class|interface|enum|record|object|trait|struct|extension|protocol)\s+(?<name>\w+)")),
        ("function", Rx($@"^\s*{Mods}(?:fun|def|func)\s+(?:<[^>]*>\s*)?(?:\w+\.)?(?<name>\w+)")),
        ("method", Rx(@"^\s+(?:(?:public|private|protected|static|final|abstract|synchronized|native|default)\s+)+[\w<>\[\],.?\s]+?\s(?<name>\w+)\s*\(")),
    ], false, "//", 2);

    /// <summary>Rust: functions, structs, enums, traits, impls, modules, macros.</summary>
    public static DeclarationRules Rust { get; } = new("rust",
    [
        ("function", Rx($@"^\s*{Mods}fn\s+(?<name>\w+)")),
        ("type", Rx($@"^\s*{Mods}(?:struct|enum|trait|union|type|mod)\s+(?<name>\w+)")),
        ("impl", Rx(@"^\s*(?:unsafe\s+)?impl(?:<[^>]*>)?\s+(?:[\w:<>,\s]+\s+for\s+)?(?<name>\w+)")),
        ("macro", Rx(@"^\s*macro_rules!\s*(?<name>\w+)")),
        ("constant", Rx($@"^{Mods}(?:static)\s+(?:mut\s+)?(?<name>\w+)\s*:")),
    ], false, "//", 1);

    /// <summary>C and C++: functions, types, namespaces, macros.</summary>
    public static DeclarationRules C { get; } = new("c",
    [
        ("type", Rx(@"^\s*(?:typedef\s+)?(?:template\s*<[^>]*>\s*)?(?:struct|class|enum(?:\s+class)?|union|namespace)\s+(?<name>\w+)[^;]*$")),
        ("macro", Rx(@"^#\s*define\s+(?<name>\w+)")),
        ("function", Rx(@"^(?:[\w:*&<>,]+\s+)+\**(?<name>[\w:~]+)\s*\([^;]*$")),
    ], false, "//", 1);

    /// <summary>Shell scripts: functions.</summary>
    public static DeclarationRules Shell { get; } = new("shell",
    [
        ("function", Rx(@"^\s*(?:function\s+(?<name>[\w-]+)|(?<name>[\w-]+)\s*\(\s*\))")),
    ], false, "#", 0);

    /// <summary>Ruby: classes, modules and methods.</summary>
    public static DeclarationRules Ruby { get; } = new("ruby",
    [
        ("class", Rx(@"^\s*(?:class|module)\s+(?<name>[\w:]+)")),
        ("function", Rx(@"^\s*def\s+(?:self\.)?(?<name>[\w?!=]+)")),
    ], true, "#", 1);

    /// <summary>PHP: classes and functions.</summary>
    public static DeclarationRules Php { get; } = new("php",
    [
        ("class", Rx($@"^\s*{Mods}(?:class|interface|trait|enum)\s+(?<name>\w+)")),
        ("function", Rx($@"^\s*{Mods}function\s+(?<name>\w+)")),
    ], false, "//", 1);

    /// <summary>The rules for a file extension (with the dot), or null for a language without rules.</summary>
    public static DeclarationRules? ForExtension(string extension) => extension.ToLowerInvariant() switch
    {
        ".py" or ".pyi" => Python,
        ".js" or ".mjs" or ".cjs" or ".jsx" or ".ts" or ".tsx" or ".mts" or ".cts" => JavaScript,
        ".go" => Go,
        ".java" or ".kt" or ".kts" or ".scala" or ".swift" or ".dart" => Java,
        ".rs" => Rust,
        ".c" or ".h" or ".cpp" or ".cc" or ".cxx" or ".hpp" or ".hh" or ".hxx" => C,
        ".sh" or ".bash" or ".zsh" => Shell,
        ".rb" => Ruby,
        ".php" => Php,
        _ => null,
    };

    private static Regex Rx(string pattern) => new(pattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromMilliseconds(200));
}
