using System.Text;

namespace LocalKernel.Rag.Code;

/// <summary>Bounds what a tool returns, so one call cannot flood a model's context.</summary>
internal static class ToolOutput
{
    /// <summary>Cuts <paramref name="text"/> at <paramref name="maxChars"/> (at a line end when possible) and says so.</summary>
    public static string Cap(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        int cut = text.LastIndexOf('\n', maxChars - 1);
        cut = cut < maxChars / 2 ? maxChars : cut;
        return text[..cut] + $"\n… [output truncated: {text.Length - cut:N0} more characters; narrow the request]";
    }

    /// <summary>Lines of a file with their numbers, "  12| text".</summary>
    public static string Numbered(IEnumerable<string> lines, int firstLine)
    {
        var builder = new StringBuilder();
        int n = firstLine;
        foreach (var line in lines)
        {
            builder.Append(n++).Append("| ").Append(line.Length > 400 ? line[..400] + " …" : line).Append('\n');
        }

        return builder.ToString();
    }
}
