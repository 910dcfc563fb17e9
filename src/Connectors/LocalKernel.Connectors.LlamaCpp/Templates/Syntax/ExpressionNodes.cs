namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>An expression; <see cref="Offset"/> is where it starts in the original source, for error positions.</summary>
internal abstract record TemplateExpression(int Offset);

/// <summary>A literal scalar: a string, a number, a boolean or none.</summary>
internal sealed record LiteralExpression(int Offset, JinjaValue Value) : TemplateExpression(Offset);

/// <summary>A variable reference.</summary>
internal sealed record NameExpression(int Offset, string Name) : TemplateExpression(Offset);

/// <summary><c>[a, b]</c> or <c>(a, b)</c>.</summary>
internal sealed record ListExpression(int Offset, IReadOnlyList<TemplateExpression> Items, bool IsTuple) : TemplateExpression(Offset);

/// <summary><c>{key: value, ...}</c>.</summary>
internal sealed record DictExpression(int Offset, IReadOnlyList<(TemplateExpression Key, TemplateExpression Value)> Entries) : TemplateExpression(Offset);

/// <summary><c>target.name</c> or <c>target[key]</c>; both look up an entry first and fall back to a method.</summary>
internal sealed record MemberExpression(int Offset, TemplateExpression Target, TemplateExpression Key) : TemplateExpression(Offset);

/// <summary><c>target[start:stop:step]</c>.</summary>
internal sealed record SliceExpression(int Offset, TemplateExpression Target, TemplateExpression? Start, TemplateExpression? Stop, TemplateExpression? Step)
    : TemplateExpression(Offset);

/// <summary><c>callee(arguments)</c>.</summary>
internal sealed record CallExpression(int Offset, TemplateExpression Callee, IReadOnlyList<TemplateArgument> Arguments) : TemplateExpression(Offset);

/// <summary><c>operand | name</c> or <c>operand | name(arguments)</c>; <see cref="Arguments"/> is null without parentheses.</summary>
internal sealed record FilterExpression(int Offset, TemplateExpression Operand, string Name, IReadOnlyList<TemplateArgument>? Arguments)
    : TemplateExpression(Offset);

/// <summary><c>operand is [not] name [argument]</c>.</summary>
internal sealed record TestExpression(int Offset, TemplateExpression Operand, string Name, bool Negated, IReadOnlyList<TemplateArgument> Arguments)
    : TemplateExpression(Offset);

/// <summary><c>not x</c>, <c>-x</c>, <c>+x</c>.</summary>
internal sealed record UnaryExpression(int Offset, string Operator, TemplateExpression Operand) : TemplateExpression(Offset);

/// <summary>A binary operator, including <c>and</c>, <c>or</c>, <c>in</c> and <c>not in</c>.</summary>
internal sealed record BinaryExpression(int Offset, string Operator, TemplateExpression Left, TemplateExpression Right) : TemplateExpression(Offset);

/// <summary><c>then if condition else otherwise</c>; without <c>else</c> the false branch is undefined.</summary>
internal sealed record ConditionalExpression(int Offset, TemplateExpression Condition, TemplateExpression Then, TemplateExpression? Otherwise)
    : TemplateExpression(Offset);

/// <summary>How an argument is passed.</summary>
internal enum TemplateArgumentKind
{
    Positional,
    Keyword,

    /// <summary><c>*list</c>.</summary>
    Spread,

    /// <summary><c>**dict</c>.</summary>
    KeywordSpread,
}

/// <summary>One argument of a call, or one parameter of a macro (a keyword argument there is a default value).</summary>
internal sealed record TemplateArgument(TemplateArgumentKind Kind, string? Name, TemplateExpression Value);
