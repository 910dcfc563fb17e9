using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LocalKernel.Rag.Code;

/// <summary>
/// Finds uses of a name: in C# by Roslyn's syntax tree (identifier tokens in code, never in comments or strings, the
/// declaration itself excluded); in other files by whole-word text match.
/// </summary>
internal static class ReferenceFinder
{
    public static IEnumerable<(int Line, string Text)> InCSharp(string source, string name)
    {
        if (CSharpCodeParser.InterpolationNesting(source) > CSharpCodeParser.MaxInterpolationNesting)
        {
            yield break;
        }

        var tree = CSharpSyntaxTree.ParseText(source);
        var text = tree.GetText();
        var seen = new HashSet<int>();
        foreach (var token in tree.GetRoot().DescendantTokens())
        {
            if (!token.IsKind(SyntaxKind.IdentifierToken) || token.ValueText != name || token.Parent is not IdentifierNameSyntax and not GenericNameSyntax)
            {
                continue;
            }

            int line = text.Lines.GetLineFromPosition(token.SpanStart).LineNumber;
            if (seen.Add(line))
            {
                yield return (line + 1, text.Lines[line].ToString().Trim());
            }
        }
    }

    public static IEnumerable<(int Line, string Text)> InText(string source, string name)
    {
        var pattern = new Regex(@"(?<![\w$])" + Regex.Escape(name) + @"(?![\w$])", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var lines = source.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            bool found;
            try
            {
                found = pattern.IsMatch(lines[i]);
            }
            catch (RegexMatchTimeoutException)
            {
                yield break;
            }

            if (found)
            {
                yield return (i + 1, lines[i].Trim());
            }
        }
    }
}
