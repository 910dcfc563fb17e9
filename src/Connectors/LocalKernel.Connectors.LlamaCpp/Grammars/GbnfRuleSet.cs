using System.Text;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// The rules of one GBNF grammar under construction. Names are made unique; asking again for a rule with the same
/// name and body returns the existing one, so shared pieces (strings, numbers, whitespace) are written once.
/// </summary>
internal sealed class GbnfRuleSet
{
    private readonly Dictionary<string, string?> _rules = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Dictionary<string, string> _shared = new(StringComparer.Ordinal);

    /// <summary>Whitespace between JSON tokens: nothing, one space, or a line break and a little indentation
    /// (bounded, so a weak model cannot wander off into endless blanks).</summary>
    public string Space => Add("space", "| \" \" | \"\\n\" [ \\t]{0,16}");

    /// <summary>Adds <c>name ::= body</c> and returns the name actually used.</summary>
    public string Add(string name, string body)
    {
        var baseName = Gbnf.SanitizeName(name);
        var candidate = baseName;
        for (int i = 1; ; i++)
        {
            if (!_rules.TryGetValue(candidate, out var existing))
            {
                _rules[candidate] = body;
                _order.Add(candidate);
                return candidate;
            }

            if (existing == body)
            {
                return candidate;
            }

            candidate = baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Claims a unique name whose body is set later with <see cref="Set"/> (rules that refer to themselves).</summary>
    public string Reserve(string name)
    {
        var baseName = Gbnf.SanitizeName(name);
        var candidate = baseName;
        for (int i = 1; _rules.ContainsKey(candidate); i++)
        {
            candidate = baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _rules[candidate] = null;
        _order.Add(candidate);
        return candidate;
    }

    /// <summary>Builds a shared piece once per grammar (under <paramref name="key"/>) and returns its rule name afterwards.</summary>
    public string Shared(string key, Func<string> build)
    {
        if (!_shared.TryGetValue(key, out var name))
        {
            name = build();
            _shared[key] = name;
        }

        return name;
    }

    /// <summary>Sets the body of a reserved rule.</summary>
    public void Set(string name, string body) => _rules[name] = body;

    /// <summary>The grammar text, one rule per line, <c>root</c> first when present.</summary>
    public string Format()
    {
        var builder = new StringBuilder();
        foreach (var name in _order.OrderBy(n => n == "root" ? 0 : 1))
        {
            var body = _rules[name] ?? throw new InvalidOperationException($"The grammar rule '{name}' was reserved but never defined.");
            builder.Append(name).Append(" ::= ").Append(body).Append('\n');
        }

        return builder.ToString();
    }
}
