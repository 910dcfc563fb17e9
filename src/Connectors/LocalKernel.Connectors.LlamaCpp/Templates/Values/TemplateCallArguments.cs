namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>The evaluated arguments of a call: positional values, then keyword values in the order written.</summary>
internal sealed class TemplateCallArguments
{
    public static readonly TemplateCallArguments Empty = new([], []);

    public TemplateCallArguments(IReadOnlyList<JinjaValue> positional, IReadOnlyList<KeyValuePair<string, JinjaValue>> keyword)
    {
        Positional = positional;
        Keyword = keyword;
    }

    public IReadOnlyList<JinjaValue> Positional { get; }

    public IReadOnlyList<KeyValuePair<string, JinjaValue>> Keyword { get; }

    public int Count => Positional.Count + Keyword.Count;

    /// <summary>Gets a parameter as Python binds it: by position if given there, else by name, else the fallback.</summary>
    public JinjaValue Get(int position, string name, JinjaValue fallback)
    {
        if (position >= 0 && position < Positional.Count)
        {
            return Positional[position];
        }

        foreach (var (key, value) in Keyword)
        {
            if (key == name)
            {
                return value;
            }
        }

        return fallback;
    }

    public bool Has(int position, string name)
    {
        if (position >= 0 && position < Positional.Count)
        {
            return true;
        }

        foreach (var (key, _) in Keyword)
        {
            if (key == name)
            {
                return true;
            }
        }

        return false;
    }
}
