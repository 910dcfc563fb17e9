namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// GBNF rules for the JSON building blocks (RFC 8259), added to a <see cref="GbnfRuleSet"/> on first use. Numbers are
/// bounded in length (16 integer digits, 16 fraction digits) so generation always ends.
/// </summary>
internal static class JsonPrimitiveRules
{
    /// <summary>One character inside a JSON string: a valid character other than a quote, backslash or control
    /// character, or an escape.</summary>
    public static string Char(GbnfRuleSet rules) =>
        rules.Add("char", $"{Gbnf.CharClass(Gbnf.JsonStringCharacters())} | {Escape}");

    /// <summary>A JSON escape sequence.</summary>
    public const string Escape = "[\\\\] ([\"\\\\/bfnrt] | \"u\" [0-9a-fA-F]{4})";

    public static string String(GbnfRuleSet rules)
    {
        var c = Char(rules);
        return rules.Add("string", $"\"\\\"\" {c}* \"\\\"\"");
    }

    /// <summary>A string of <paramref name="min"/> to <paramref name="max"/> characters (null: unbounded).</summary>
    public static string BoundedString(GbnfRuleSet rules, string name, int min, int? max)
    {
        var c = Char(rules);
        return rules.Add(name, $"\"\\\"\" {Gbnf.Repeat(c, min, max)} \"\\\"\"");
    }

    public static string Integer(GbnfRuleSet rules)
    {
        var integral = IntegralPart(rules);
        return rules.Add("integer", $"\"-\"? {integral}");
    }

    public static string Number(GbnfRuleSet rules)
    {
        var integral = IntegralPart(rules);
        var fraction = rules.Add("decimal-part", "[0-9]{1,16}");
        return rules.Add("number", $"\"-\"? {integral} (\".\" {fraction})? ([eE] [-+]? [0-9]{{1,2}})?");
    }

    public static string Boolean(GbnfRuleSet rules) => rules.Add("boolean", "\"true\" | \"false\"");

    public static string Null(GbnfRuleSet rules) => rules.Add("null", "\"null\"");

    /// <summary>Any JSON value (object, array, string, number, boolean, null), nested without limit.</summary>
    public static string Value(GbnfRuleSet rules) => AnyValueRules(rules).Value;

    /// <summary>Any JSON object.</summary>
    public static string Object(GbnfRuleSet rules) => AnyValueRules(rules).Object;

    /// <summary>Any JSON array.</summary>
    public static string Array(GbnfRuleSet rules) => AnyValueRules(rules).Array;

    private static (string Value, string Object, string Array) AnyValueRules(GbnfRuleSet rules)
    {
        var value = rules.Shared("any-value", () =>
        {
            // The three recursive rules refer to each other, so their names are claimed before their bodies exist.
            var v = rules.Reserve("value");
            var o = rules.Reserve("object");
            var a = rules.Reserve("array");
            var space = rules.Space;
            var str = String(rules);
            rules.Set(v, $"{o} | {a} | {str} | {Number(rules)} | {Boolean(rules)} | {Null(rules)}");
            rules.Set(o, $"\"{{\" {space} ({str} {space} \":\" {space} {v} {space} (\",\" {space} {str} {space} \":\" {space} {v} {space})*)? \"}}\"");
            rules.Set(a, $"\"[\" {space} ({v} {space} (\",\" {space} {v} {space})*)? \"]\"");
            rules.Shared("any-object", () => o);
            rules.Shared("any-array", () => a);
            return v;
        });
        return (value, rules.Shared("any-object", () => throw new InvalidOperationException()), rules.Shared("any-array", () => throw new InvalidOperationException()));
    }

    public static string Date(GbnfRuleSet rules) =>
        rules.Add("date", "[0-9]{4} \"-\" (\"0\" [1-9] | \"1\" [0-2]) \"-\" (\"0\" [1-9] | [1-2] [0-9] | \"3\" [0-1])");

    /// <summary>A time of day with optional fraction and optional offset: RFC 3339 full-time requires the offset,
    /// but .NET's TimeOnly is written without one, and both must fit.</summary>
    public static string Time(GbnfRuleSet rules) =>
        rules.Add("time", "([01] [0-9] | \"2\" [0-3]) \":\" [0-5] [0-9] \":\" [0-5] [0-9] (\".\" [0-9]{1,7})? (\"Z\" | [+-] ([01] [0-9] | \"2\" [0-3]) \":\" [0-5] [0-9])?");

    public static string DateString(GbnfRuleSet rules) => rules.Add("date-string", $"\"\\\"\" {Date(rules)} \"\\\"\"");

    public static string TimeString(GbnfRuleSet rules) => rules.Add("time-string", $"\"\\\"\" {Time(rules)} \"\\\"\"");

    public static string DateTimeString(GbnfRuleSet rules) =>
        rules.Add("date-time-string", $"\"\\\"\" {Date(rules)} \"T\" {Time(rules)} \"\\\"\"");

    public static string Uuid(GbnfRuleSet rules) =>
        rules.Add("uuid", "\"\\\"\" [0-9a-fA-F]{8} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{12} \"\\\"\"");

    private static string IntegralPart(GbnfRuleSet rules) => rules.Add("integral-part", "\"0\" | [1-9] [0-9]{0,15}");
}
