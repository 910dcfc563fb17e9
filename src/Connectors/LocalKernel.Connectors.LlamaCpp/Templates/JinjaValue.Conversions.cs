using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Conversions from JSON and from plain .NET objects.</summary>
public abstract partial class JinjaValue
{
    // Deeper JSON than this is hostile input, not a tool schema; refusing it keeps the conversion off the stack limit.
    private const int MaxConversionDepth = 256;

    /// <summary>
    /// Converts JSON to a value: objects become dictionaries (key order kept), arrays lists, numbers integers when
    /// written without a fraction or exponent and floats otherwise, <c>null</c> none.
    /// </summary>
    /// <param name="node">The JSON; null (JSON <c>null</c>) becomes <see cref="None"/>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException">The JSON nests deeper than 256 levels.</exception>
    public static JinjaValue FromJson(JsonNode? node) => FromJson(node, 0);

    /// <summary>Converts JSON to a value, as <see cref="FromJson(JsonNode?)"/> does.</summary>
    /// <param name="element">The JSON element.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException">The JSON nests deeper than 256 levels, or the element is undefined.</exception>
    public static JinjaValue FromJson(JsonElement element) => FromJson(element, 0);

    /// <summary>
    /// Converts a .NET object to a value: null, strings, booleans, numbers, <see cref="JsonNode"/>,
    /// <see cref="JsonElement"/>, <see cref="JinjaValue"/>, dictionaries with string keys and other enumerables.
    /// </summary>
    /// <param name="value">The object.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException">The object is of another type, or nests deeper than 256 levels.</exception>
    public static JinjaValue FromObject(object? value) => FromObject(value, 0);

    private static JinjaValue FromJson(JsonNode? node, int depth)
    {
        CheckDepth(depth);
        switch (node)
        {
            case null:
                return None;
            case JsonObject obj:
                var dict = new JinjaDict();
                foreach (var (key, child) in obj)
                {
                    dict.Set(key, FromJson(child, depth + 1));
                }

                return dict;
            case JsonArray array:
                return new JinjaList(array.Select(child => FromJson(child, depth + 1)).ToList());
            default:
                var value = node.AsValue();
                if (value.TryGetValue<JsonElement>(out var element))
                {
                    return FromJson(element, depth);
                }

                return value.GetValueKind() switch
                {
                    JsonValueKind.String => new JinjaString(value.GetValue<object>().ToString() ?? string.Empty),
                    JsonValueKind.True => JinjaBoolean.True,
                    JsonValueKind.False => JinjaBoolean.False,
                    JsonValueKind.Null => None,
                    _ => FromObject(value.GetValue<object>(), depth),
                };
        }
    }

    private static JinjaValue FromJson(JsonElement element, int depth)
    {
        CheckDepth(depth);
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var dict = new JinjaDict();
                foreach (var property in element.EnumerateObject())
                {
                    dict.Set(property.Name, FromJson(property.Value, depth + 1));
                }

                return dict;
            case JsonValueKind.Array:
                return new JinjaList(element.EnumerateArray().Select(child => FromJson(child, depth + 1)).ToList());
            case JsonValueKind.String:
                return new JinjaString(element.GetString()!);
            case JsonValueKind.Number:
                var raw = element.GetRawText();
                var integral = raw.IndexOfAny(['.', 'e', 'E']) < 0;
                return integral && element.TryGetInt64(out var integer) ? new JinjaInteger(integer) : new JinjaFloat(element.GetDouble());
            case JsonValueKind.True:
                return JinjaBoolean.True;
            case JsonValueKind.False:
                return JinjaBoolean.False;
            case JsonValueKind.Null:
                return None;
            default:
                throw new ArgumentException("An undefined JSON element cannot be converted.", nameof(element));
        }
    }

    private static JinjaValue FromObject(object? value, int depth)
    {
        CheckDepth(depth);
        switch (value)
        {
            case null:
                return None;
            case JinjaValue jinja:
                return jinja;
            case string s:
                return new JinjaString(s);
            case bool b:
                return JinjaBoolean.Of(b);
            case sbyte or byte or short or ushort or int or uint or long:
                return new JinjaInteger(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
            case ulong u:
                return u <= long.MaxValue ? new JinjaInteger((long)u) : new JinjaFloat(u);
            case float or double or decimal:
                return new JinjaFloat(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
            case JsonNode node:
                return FromJson(node, depth);
            case JsonElement element:
                return FromJson(element, depth);
            case IDictionary dictionary:
                var dict = new JinjaDict();
                foreach (DictionaryEntry entry in dictionary)
                {
                    dict.Set(FromObject(entry.Key, depth + 1), FromObject(entry.Value, depth + 1));
                }

                return dict;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                var fromPairs = new JinjaDict();
                foreach (var (key, item) in pairs)
                {
                    fromPairs.Set(key, FromObject(item, depth + 1));
                }

                return fromPairs;
            case IEnumerable enumerable:
                return new JinjaList(enumerable.Cast<object?>().Select(item => FromObject(item, depth + 1)).ToList());
            default:
                throw new ArgumentException($"A value of type {value.GetType()} cannot be converted to a template value.", nameof(value));
        }
    }

    private protected static void CheckDepth(int depth)
    {
        if (depth > MaxConversionDepth)
        {
            throw new ArgumentException($"The value nests deeper than {MaxConversionDepth} levels.");
        }
    }
}
