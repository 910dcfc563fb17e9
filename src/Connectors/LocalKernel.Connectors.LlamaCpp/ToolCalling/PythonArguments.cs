using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Reads Python keyword arguments of literals (<c>query="x", n=3, exact=True</c>) into JSON values.</summary>
internal static class PythonArguments
{
    public static bool TryParse(string text, out Dictionary<string, object?>? arguments)
    {
        arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        int i = 0;
        while (true)
        {
            while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == ','))
            {
                i++;
            }

            if (i >= text.Length)
            {
                return true;
            }

            int keyStart = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
            {
                i++;
            }

            var key = text[keyStart..i];
            i = ToolCallText.SkipWhitespace(text, i);
            if (key.Length == 0 || i >= text.Length || text[i] != '=')
            {
                arguments = null;
                return false;
            }

            i = ToolCallText.SkipWhitespace(text, i + 1);
            if (!TryReadValue(text, ref i, out var value))
            {
                arguments = null;
                return false;
            }

            arguments[key] = value;
        }
    }

    private static bool TryReadValue(string text, ref int i, out JsonElement value)
    {
        value = default;
        if (i < text.Length && text[i] is '"' or '\'')
        {
            char quote = text[i++];
            var builder = new StringBuilder();
            for (; i < text.Length && text[i] != quote; i++)
            {
                if (text[i] == '\\' && i + 1 < text.Length)
                {
                    i++;
                    builder.Append(text[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => text[i] });
                }
                else
                {
                    builder.Append(text[i]);
                }
            }

            if (i >= text.Length)
            {
                return false;
            }

            i++;
            value = JsonSerializer.SerializeToElement(builder.ToString());
            return true;
        }

        int start = i;
        while (i < text.Length && text[i] != ',')
        {
            i++;
        }

        var literal = text[start..i].Trim();
        object? parsed = literal switch
        {
            "True" => true,
            "False" => false,
            "None" => null,
            _ when long.TryParse(literal, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ when double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => literal,
        };
        value = JsonSerializer.SerializeToElement(parsed);
        return literal.Length > 0;
    }
}
