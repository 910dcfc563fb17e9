namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>A statement of the template body; <see cref="Offset"/> is where it starts in the original source.</summary>
internal abstract record TemplateStatement(int Offset);

/// <summary>Literal text between tags.</summary>
internal sealed record TextStatement(int Offset, string Text) : TemplateStatement(Offset);

/// <summary><c>{{ expression }}</c>.</summary>
internal sealed record OutputStatement(int Offset, TemplateExpression Expression) : TemplateStatement(Offset);

/// <summary><c>{% if %}</c>; an <c>elif</c> is a nested <see cref="IfStatement"/> as the only else statement.</summary>
internal sealed record IfStatement(int Offset, TemplateExpression Condition, IReadOnlyList<TemplateStatement> Body, IReadOnlyList<TemplateStatement> Else)
    : TemplateStatement(Offset);

/// <summary><c>{% for targets in iterable [if filter] %} ... [{% else %} ...] {% endfor %}</c>.</summary>
internal sealed record ForStatement(
    int Offset,
    IReadOnlyList<string> Targets,
    bool Unpack,
    TemplateExpression Iterable,
    TemplateExpression? Filter,
    IReadOnlyList<TemplateStatement> Body,
    IReadOnlyList<TemplateStatement> Else) : TemplateStatement(Offset);

/// <summary>
/// <c>{% set target = value %}</c> or the block form <c>{% set target %}...{% endset %}</c> (<see cref="Value"/> null).
/// The target is a name, a tuple of names or a namespace attribute.
/// </summary>
internal sealed record SetStatement(int Offset, TemplateExpression Target, TemplateExpression? Value, IReadOnlyList<TemplateStatement> Body)
    : TemplateStatement(Offset);

/// <summary>A macro parameter and its default value, if any.</summary>
internal sealed record TemplateParameter(string Name, TemplateExpression? Default);

/// <summary><c>{% macro name(parameters) %}</c>.</summary>
internal sealed record MacroStatement(
    int Offset,
    string Name,
    IReadOnlyList<TemplateParameter> Parameters,
    IReadOnlyList<TemplateStatement> Body,
    bool CatchesVarargs,
    bool CatchesKwargs) : TemplateStatement(Offset);

/// <summary><c>{% call(parameters) macro(arguments) %}body{% endcall %}</c>: the body is the macro's <c>caller()</c>.</summary>
internal sealed record CallBlockStatement(
    int Offset,
    CallExpression Call,
    IReadOnlyList<TemplateParameter> Parameters,
    IReadOnlyList<TemplateStatement> Body,
    bool CatchesVarargs,
    bool CatchesKwargs) : TemplateStatement(Offset);

/// <summary><c>{% filter name(arguments) %}body{% endfilter %}</c>.</summary>
internal sealed record FilterBlockStatement(int Offset, string Name, IReadOnlyList<TemplateArgument>? Arguments, IReadOnlyList<TemplateStatement> Body)
    : TemplateStatement(Offset);

/// <summary><c>{% break %}</c>.</summary>
internal sealed record BreakStatement(int Offset) : TemplateStatement(Offset);

/// <summary><c>{% continue %}</c>.</summary>
internal sealed record ContinueStatement(int Offset) : TemplateStatement(Offset);
