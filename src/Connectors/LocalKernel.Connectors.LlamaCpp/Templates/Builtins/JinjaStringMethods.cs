namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>The <c>str</c> methods chat templates use, plus the <c>length</c> property the reference engine offers.</summary>
internal static class JinjaStringMethods
{
    public static JinjaValue? Get(JinjaString target, string name)
    {
        var s = target.Value;
        return name switch
        {
            "length" => new JinjaInteger(s.Length),
            "upper" => Method(name, _ => s.ToUpperInvariant()),
            "lower" => Method(name, _ => s.ToLowerInvariant()),
            "title" => Method(name, _ => JinjaStrings.Title(s)),
            "capitalize" => Method(name, _ => JinjaStrings.Capitalize(s)),
            "strip" => Method(name, a => JinjaStrings.Strip(s, Chars(a, name), start: true, end: true)),
            "lstrip" => Method(name, a => JinjaStrings.Strip(s, Chars(a, name), start: true, end: false)),
            "rstrip" => Method(name, a => JinjaStrings.Strip(s, Chars(a, name), start: false, end: true)),
            "startswith" => JinjaMethods.Bind(name, (a, _) => JinjaBoolean.Of(Affixes(a, name).Any(p => s.StartsWith(p, StringComparison.Ordinal)))),
            "endswith" => JinjaMethods.Bind(name, (a, _) => JinjaBoolean.Of(Affixes(a, name).Any(p => s.EndsWith(p, StringComparison.Ordinal)))),
            "split" => JinjaMethods.Bind(name, (a, _) => ToList(JinjaStrings.Split(s, Separator(a, name), MaxSplit(a, name)))),
            "rsplit" => JinjaMethods.Bind(name, (a, _) => ToList(JinjaStrings.RSplit(s, Separator(a, name), MaxSplit(a, name)))),
            "splitlines" => JinjaMethods.Bind(name, (_, _) => ToList(SplitLines(s))),
            "replace" => JinjaMethods.Bind(name, (a, c) =>
            {
                var result = JinjaStrings.Replace(
                    s,
                    JinjaArgs.String(a.Get(0, "old", JinjaUndefined.Instance), name, "old"),
                    JinjaArgs.String(a.Get(1, "new", JinjaUndefined.Instance), name, "new"),
                    a.Get(2, "count", JinjaNone.Instance) is { IsNullish: false } count ? JinjaArgs.Integer(count, name, "count") : -1);
                c.State.CheckLength(result.Length);
                return new JinjaString(result);
            }),
            "find" => JinjaMethods.Bind(name, (a, _) => new JinjaInteger(s.IndexOf(JinjaArgs.String(a.Get(0, "sub", JinjaUndefined.Instance), name, "sub"), StringComparison.Ordinal))),
            "rfind" => JinjaMethods.Bind(name, (a, _) => new JinjaInteger(s.LastIndexOf(JinjaArgs.String(a.Get(0, "sub", JinjaUndefined.Instance), name, "sub"), StringComparison.Ordinal))),
            "count" => JinjaMethods.Bind(name, (a, _) => new JinjaInteger(Count(s, JinjaArgs.String(a.Get(0, "sub", JinjaUndefined.Instance), name, "sub")))),
            "join" => JinjaMethods.Bind(name, (a, c) => new JinjaString(string.Join(s, JinjaFilters.Iterate(a.Get(0, "iterable", JinjaUndefined.Instance), name).Select(v => TemplateValueFormatter.ToOutput(v, c.State.MaxOutputLength))))),
            "format" => JinjaMethods.Bind(name, (a, _) => new JinjaString(JinjaPythonFormat.Format(s, a))),
            "isdigit" => Method(name, _ => JinjaBoolean.Of(s.Length > 0 && s.All(char.IsDigit))),
            "isalpha" => Method(name, _ => JinjaBoolean.Of(s.Length > 0 && s.All(char.IsLetter))),
            "isalnum" => Method(name, _ => JinjaBoolean.Of(s.Length > 0 && s.All(char.IsLetterOrDigit))),
            "isspace" => Method(name, _ => JinjaBoolean.Of(s.Length > 0 && s.All(char.IsWhiteSpace))),
            "isupper" => Method(name, _ => JinjaBoolean.Of(s.Any(char.IsLetter) && s == s.ToUpperInvariant())),
            "islower" => Method(name, _ => JinjaBoolean.Of(s.Any(char.IsLetter) && s == s.ToLowerInvariant())),
            _ => null,
        };
    }

    private static JinjaCallable Method(string name, Func<TemplateCallArguments, JinjaValue> body) => JinjaMethods.Bind(name, (a, _) => body(a));

    private static JinjaCallable Method(string name, Func<TemplateCallArguments, string> body) => JinjaMethods.Bind(name, (a, _) => new JinjaString(body(a)));

    private static string? Chars(TemplateCallArguments arguments, string name) =>
        JinjaArgs.OptionalString(arguments.Get(0, "chars", JinjaNone.Instance), name, "chars");

    private static string? Separator(TemplateCallArguments arguments, string name) =>
        JinjaArgs.OptionalString(arguments.Get(0, "sep", JinjaNone.Instance), name, "sep");

    private static long MaxSplit(TemplateCallArguments arguments, string name) =>
        JinjaArgs.Integer(arguments.Get(1, "maxsplit", new JinjaInteger(-1)), name, "maxsplit");

    private static IEnumerable<string> Affixes(TemplateCallArguments arguments, string name) => arguments.Get(0, "prefix", JinjaUndefined.Instance) switch
    {
        JinjaString one => [one.Value],
        JinjaList many => many.Items.Select(item => JinjaArgs.String(item, name, "prefix")),
        var other => throw new TemplateRuntimeException($"{name}() argument must be a string or a tuple of strings, not '{other.TypeName}'"),
    };

    private static JinjaList ToList(IEnumerable<string> parts) => new(parts.Select(p => (JinjaValue)new JinjaString(p)).ToList());

    private static int Count(string s, string sub)
    {
        if (sub.Length == 0)
        {
            return s.Length + 1;
        }

        var count = 0;
        for (var i = s.IndexOf(sub, StringComparison.Ordinal); i >= 0; i = s.IndexOf(sub, i + sub.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static List<string> SplitLines(string s)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029')
            {
                lines.Add(s[start..i]);
                if (s[i] == '\r' && i + 1 < s.Length && s[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        if (start < s.Length)
        {
            lines.Add(s[start..]);
        }

        return lines;
    }
}
