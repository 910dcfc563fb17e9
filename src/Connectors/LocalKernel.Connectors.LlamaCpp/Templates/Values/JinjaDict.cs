namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// A dictionary with insertion-ordered keys. Keys are usually strings (JSON objects), but a template may build
/// dictionaries with integer or boolean keys, which compare as Python compares them (<c>1 == 1.0 == True</c>).
/// </summary>
internal sealed class JinjaDict : JinjaValue
{
    private readonly OrderedDictionary<JinjaValue, JinjaValue> _entries;

    public JinjaDict(int capacity = 0) => _entries = new(capacity, JinjaDictKeyComparer.Instance);

    public int Count => _entries.Count;

    public IEnumerable<KeyValuePair<JinjaValue, JinjaValue>> Entries => _entries;

    public IEnumerable<JinjaValue> Keys => _entries.Keys;

    public IEnumerable<JinjaValue> Values => _entries.Values;

    public override JinjaValueKind Kind => JinjaValueKind.Dictionary;

    internal override string TypeName => "dict";

    internal override bool IsTruthy => _entries.Count > 0;

    public bool TryGet(JinjaValue key, out JinjaValue value)
    {
        if (_entries.TryGetValue(key, out var found))
        {
            value = found;
            return true;
        }

        value = Undefined;
        return false;
    }

    public bool TryGet(string key, out JinjaValue value) => TryGet(new JinjaString(key), out value);

    public bool ContainsKey(JinjaValue key) => _entries.ContainsKey(key);

    public void Set(JinjaValue key, JinjaValue value) => _entries[key] = value;

    public void Set(string key, JinjaValue value) => _entries[new JinjaString(key)] = value;

    public bool Remove(JinjaValue key, out JinjaValue value)
    {
        if (_entries.Remove(key, out var removed))
        {
            value = removed;
            return true;
        }

        value = Undefined;
        return false;
    }

    internal override JinjaValue DeepCopy(int depth = 0)
    {
        CheckDepth(depth);
        var copy = new JinjaDict();
        foreach (var (key, value) in _entries)
        {
            copy._entries[key] = value.DeepCopy(depth + 1);
        }

        return copy;
    }
}
