namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// A value as a chat template sees it: undefined, none, a boolean, a number, a string, a list, a dictionary,
/// a namespace or a callable. Variables handed to <see cref="ChatTemplate.Render(ChatTemplateContext)"/> are
/// built with the factory methods here, or converted from JSON with <see cref="FromJson(System.Text.Json.Nodes.JsonNode?)"/>.
/// </summary>
/// <remarks>
/// Scalars are immutable. Lists, dictionaries and namespaces are copied when a render starts, so a template that
/// mutates them (<c>list.append</c>, <c>ns.x = ...</c>) never changes the caller's values and the same value may
/// be rendered by several threads at once.
/// </remarks>
public abstract partial class JinjaValue
{
    private protected JinjaValue()
    {
    }

    /// <summary>Gets the kind of this value.</summary>
    public abstract JinjaValueKind Kind { get; }

    /// <summary>Gets the undefined value: what a template sees for a variable that was not given.</summary>
    public static JinjaValue Undefined => JinjaUndefined.Instance;

    /// <summary>Gets Python's <c>None</c>.</summary>
    public static JinjaValue None => JinjaNone.Instance;

    /// <summary>Gets the Python type name used in error messages (<c>str</c>, <c>dict</c>, ...).</summary>
    internal abstract string TypeName { get; }

    /// <summary>Gets whether the value is truthy, with Python's rules (empty string, list and dict are falsy).</summary>
    internal abstract bool IsTruthy { get; }

    /// <summary>Gets whether the value is undefined or none, which print as nothing.</summary>
    internal bool IsNullish => Kind is JinjaValueKind.Undefined or JinjaValueKind.None;

    /// <summary>Creates a string value.</summary>
    /// <param name="value">The string.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static JinjaValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new JinjaString(value);
    }

    /// <summary>Creates a boolean value.</summary>
    /// <param name="value">The boolean.</param>
    /// <returns>The value.</returns>
    public static JinjaValue FromBoolean(bool value) => JinjaBoolean.Of(value);

    /// <summary>Creates an integer value.</summary>
    /// <param name="value">The integer.</param>
    /// <returns>The value.</returns>
    public static JinjaValue FromInteger(long value) => new JinjaInteger(value);

    /// <summary>Creates a floating-point value.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The value.</returns>
    public static JinjaValue FromDouble(double value) => new JinjaFloat(value);

    /// <summary>Creates a list from items.</summary>
    /// <param name="items">The items, in order; null items become <see cref="None"/>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public static JinjaValue FromList(IEnumerable<JinjaValue?> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new JinjaList(items.Select(item => item ?? None));
    }

    /// <summary>Creates a dictionary from entries, keeping their order.</summary>
    /// <param name="entries">The entries; a later entry with the same key replaces an earlier one; null values become <see cref="None"/>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> or one of its keys is null.</exception>
    public static JinjaValue FromDictionary(IEnumerable<KeyValuePair<string, JinjaValue?>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var dictionary = new JinjaDict();
        foreach (var (key, value) in entries)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(entries));
            dictionary.Set(key, value ?? None);
        }

        return dictionary;
    }

    /// <summary>Converts a string to a value.</summary>
    /// <param name="value">The string; null becomes <see cref="None"/>.</param>
    public static implicit operator JinjaValue(string? value) => value is null ? None : new JinjaString(value);

    /// <summary>Converts a boolean to a value.</summary>
    /// <param name="value">The boolean.</param>
    public static implicit operator JinjaValue(bool value) => JinjaBoolean.Of(value);

    /// <summary>Converts an integer to a value.</summary>
    /// <param name="value">The integer.</param>
    public static implicit operator JinjaValue(long value) => new JinjaInteger(value);

    /// <summary>Converts a floating-point number to a value.</summary>
    /// <param name="value">The number.</param>
    public static implicit operator JinjaValue(double value) => new JinjaFloat(value);

    /// <summary>Returns the value as <c>{{ value }}</c> would print it (undefined and none print as an empty string).</summary>
    /// <returns>The printed text.</returns>
    public override string ToString() => IsNullish ? string.Empty : TemplateValueFormatter.ToOutput(this);

    /// <summary>Returns a copy that shares no mutable container with this value.</summary>
    /// <exception cref="ArgumentException">The value nests deeper than 256 levels.</exception>
    internal virtual JinjaValue DeepCopy(int depth = 0) => this;
}
