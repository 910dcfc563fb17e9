namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Options of the <c>tojson</c> filter, with Hugging Face's defaults: <c>ensure_ascii=False</c>, separators
/// <c>", "</c> and <c>": "</c> (<c>","</c> and <c>": "</c> with an indent), keys in insertion order.
/// </summary>
internal sealed record TemplateJsonOptions(
    int Indent = 0,
    bool EnsureAscii = false,
    bool SortKeys = false,
    string? ItemSeparatorOverride = null,
    string? KeySeparatorOverride = null,
    bool UndefinedAsNull = true)
{
    public static readonly TemplateJsonOptions Default = new();

    /// <summary>How a list or dict prints in <c>{{ }}</c>: JSON, with undefined written as <c>undefined</c>.</summary>
    public static readonly TemplateJsonOptions Printing = new(UndefinedAsNull: false);

    public string ItemSeparator => ItemSeparatorOverride ?? (Indent > 0 ? "," : ", ");

    public string KeySeparator => KeySeparatorOverride ?? ": ";
}
