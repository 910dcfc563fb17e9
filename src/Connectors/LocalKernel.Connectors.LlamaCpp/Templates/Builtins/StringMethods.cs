namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>The <c>str</c> methods chat templates use, plus the <c>length</c> property the reference engine offers.</summary>
internal static class StringMethods
{
    public static JinjaValue? Get(StringValue target, string name)
    {
        var s = target.Value;
        return name switch
        {
            "length" => new IntegerValue(s.Length),
            "upper" => Method(name, _ => s.ToUpperInvariant()),
            "lower" => Method(name, _ => s.ToLowerInvariant()),
            "title" => Method(name, _ => Strings.Title(s)),
            "capitalize" => Method(name, _ => Strings.Capitalize(s)),
            "strip" => Method(name, a => Strings.Strip(s, Chars(a, name), start: true, end: true)),
            "lstrip" => Method(name, a => Strings.Strip(s, Chars(a, name), start: true, end: false)),
            "rstrip" => Method(name, a => Strings.Strip(s, Chars(a, name), start: false, end: true)),
            "startswith" => Methods.Bind(name, (a, _) => BooleanValue.Of(Affixes(a, name).Any(p => s.StartsWith(p, StringComparison.Ordinal)))),
            "endswith" => Methods.Bind(name, (a, _) => BooleanValue.Of(Affixes(a, name).Any(p => s.EndsWith(p, StringComparison.Ordinal)))),
            "split" => Methods.Bind(name, (a, _) => ToList(Strings.Split(s, Separator(a, name), MaxSplit(a, name)))),
            "rsplit" => Methods.Bind(name, (a, _) => ToList(Strings.RSplit(s, Separator(a, name), MaxSplit(a, name)))),
            "splitlines" => Methods.Bind(name, (_, _) => ToList(SplitLines(s))),
            "replace" => Methods.Bind(name, (a, c) =>
            {
                var result = Strings.Replace(
                    s,
                    Args.String(a.Get(0, "old", UndefinedValue.Instance), name, "old"),
                    Args.String(a.Get(1, "new", UndefinedValue.Instance), name, "new"),
                    a.Get(2, "count", NoneValue.Instance) is { IsNullish: false } count ? Args.Integer(count, name, "count") : -1);
                c.State.CheckLength(result.Length);
                return new StringValue(result);
            }),
            "find" => Methods.Bind(name, (a, _) => new IntegerValue(s.IndexOf(Args.String(a.Get(0, "sub", UndefinedValue.Instance), name, "sub"), StringComparison.Ordinal))),
            "rfind" => Methods.Bind(name, (a, _) => new IntegerValue(s.LastIndexOf(Args.String(a.Get(0, "sub", UndefinedValue.Instance), name, "sub"), StringComparison.Ordinal))),
            "count" => Methods.Bind(name, (a, _) => new IntegerValue(Count(s, Args.String(a.Get(0, "sub", UndefinedValue.Instance), name, "sub")))),
            "join" => Methods.Bind(name, (a, c) => new StringValue(string.Join(s, Filters.Iterate(a.Get(0, "iterable", UndefinedValue.Instance), name).Select(v => ValueFormatter.ToOutput(v, c.State.MaxOutputLength))))),
            "format" => Methods.Bind(name, (a, _) => new StringValue(PythonFormat.Format(s, a))),
            "isdigit" => Method(name, _ => BooleanValue.Of(s.Length > 0 && s.All(char.IsDigit))),
            "isalpha" => Method(name, _ => BooleanValue.Of(s.Length > 0 && s.All(char.IsLetter))),
            "isalnum" => Method(name, _ => BooleanValue.Of(s.Length > 0 && s.All(char.IsLetterOrDigit))),
            "isspace" => Method(name, _ => BooleanValue.Of(s.Length > 0 && s.All(char.IsWhiteSpace))),
            "isupper" => Method(name, _ => BooleanValue.Of(s.Any(char.IsLetter) && s == s.ToUpperInvariant())),
            "islower" => Method(name, _ => BooleanValue.Of(s.Any(char.IsLetter) && s == s.ToLowerInvariant())),
            _ => null,
        };
    }

    private static CallableValue Method(string name, Func<CallArguments, JinjaValue> body) => Methods.Bind(name, (a, _) => body(a));

    private static CallableValue Method(string name, Func<CallArguments, string> body) => Methods.Bind(name, (a, _) => new StringValue(body(a)));

    private static string? Chars(CallArguments arguments, string name) =>
        Args.OptionalString(arguments.Get(0, "chars", NoneValue.Instance), name, "chars");

    private static string? Separator(CallArguments arguments, string name) =>
        Args.OptionalString(arguments.Get(0, "sep", NoneValue.Instance), name, "sep");

    private static long MaxSplit(CallArguments arguments, string name) =>
        Args.Integer(arguments.Get(1, "maxsplit", new IntegerValue(-1)), name, "maxsplit");

    private static IEnumerable<string> Affixes(CallArguments arguments, string name) => arguments.Get(0, "prefix", UndefinedValue.Instance) switch
    {
        StringValue one => [one.Value],
        ListValue many => many.Items.Select(item => Args.String(item, name, "prefix")),
        var other => throw new TemplateRuntimeException($"{name}() argument must be a string or a tuple of strings, not '{other.TypeName}'"),
    };

    private static ListValue ToList(IEnumerable<string> parts) => new(parts.Select(p => (JinjaValue)new StringValue(p)).ToList());

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
