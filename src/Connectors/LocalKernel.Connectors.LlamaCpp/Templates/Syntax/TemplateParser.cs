using System.Runtime.CompilerServices;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Builds the statement tree of a template from its tokens: a recursive-descent parser with the operator
/// precedence of Hugging Face's engines (lowest first): conditional, <c>or</c>, <c>and</c>, <c>not</c>,
/// comparisons and <c>in</c>, <c>+ - ~</c>, <c>* / // %</c>, <c>**</c>, <c>is</c> tests, <c>|</c> filters, signs,
/// then calls, attributes and subscripts.
/// </summary>
internal sealed partial class TemplateParser
{
    // Deeper nesting than any real template, shallow enough that the recursive parser and interpreter never
    // run out of stack on a thread-pool thread.
    private const int MaxNesting = 200;

    private readonly List<TemplateToken> _tokens;
    private readonly TemplateSourceText _source;
    private int _current;
    private int _nesting;

    private TemplateParser(List<TemplateToken> tokens, TemplateSourceText source)
    {
        _tokens = tokens;
        _source = source;
    }

    public static IReadOnlyList<TemplateStatement> Parse(List<TemplateToken> tokens, TemplateSourceText source)
    {
        var parser = new TemplateParser(tokens, source);
        var body = new List<TemplateStatement>();
        while (!parser.AtEnd)
        {
            if (parser.IsTag(out var name) && IsBlockEnd(name))
            {
                throw parser.Error($"Unexpected '{{% {name} %}}' without an open block", parser.Peek().Offset);
            }

            parser.ParseInto(body);
        }

        return body;
    }

    private bool AtEnd => _current >= _tokens.Count;

    private static bool IsBlockEnd(string name) => name is "elif" or "else" or "endif" or "endfor" or "endset"
        or "endmacro" or "endcall" or "endfilter";

    /// <summary>Parses statements up to a <c>{% name %}</c> tag with one of the given names, which stays unread.</summary>
    private List<TemplateStatement> ParseBlock(string opener, int openerOffset, params string[] ends)
    {
        var body = new List<TemplateStatement>();
        while (true)
        {
            if (AtEnd)
            {
                throw Error($"Unexpected end of template: '{{% {opener} %}}' is missing its '{{% {ends[^1]} %}}'", openerOffset);
            }

            if (IsTag(out var name) && Array.IndexOf(ends, name) >= 0)
            {
                return body;
            }

            if (IsTag(out name) && IsBlockEnd(name))
            {
                throw Error($"Unexpected '{{% {name} %}}' inside '{{% {opener} %}}'", Peek().Offset);
            }

            ParseInto(body);
        }
    }

    private bool IsTag(out string name)
    {
        if (_current + 1 < _tokens.Count && _tokens[_current].Kind == TemplateTokenKind.OpenStatement &&
            _tokens[_current + 1].Kind == TemplateTokenKind.Identifier)
        {
            name = _tokens[_current + 1].Value;
            return true;
        }

        name = string.Empty;
        return false;
    }

    private void ParseInto(List<TemplateStatement> body)
    {
        var token = Next();
        switch (token.Kind)
        {
            case TemplateTokenKind.Comment:
                return;
            case TemplateTokenKind.Text:
                body.Add(new TextStatement(token.Offset, token.Value));
                return;
            case TemplateTokenKind.OpenExpression:
                var expression = ParseExpression();
                Expect(TemplateTokenKind.CloseExpression, "'}}' to close the expression");
                body.Add(new OutputStatement(token.Offset, expression));
                return;
            case TemplateTokenKind.OpenStatement:
                body.Add(ParseStatement(token.Offset));
                return;
            default:
                throw Error($"Unexpected {token}", token.Offset);
        }
    }

    private TemplateStatement ParseStatement(int offset)
    {
        var keyword = Expect(TemplateTokenKind.Identifier, "a statement name after '{%'");
        Enter(keyword.Offset);
        try
        {
            switch (keyword.Value)
            {
                case "if":
                    var statement = ParseIf(offset);
                    ExpectEndTag("endif");
                    return statement;
                case "for":
                    return ParseFor(offset);
                case "set":
                    return ParseSet(offset);
                case "macro":
                    return ParseMacro(offset);
                case "call":
                    return ParseCallBlock(offset);
                case "filter":
                    return ParseFilterBlock(offset);
                case "break":
                    Expect(TemplateTokenKind.CloseStatement, "'%}' after 'break'");
                    return new BreakStatement(offset);
                case "continue":
                    Expect(TemplateTokenKind.CloseStatement, "'%}' after 'continue'");
                    return new ContinueStatement(offset);
                default:
                    throw Error($"Unknown statement '{keyword.Value}'", keyword.Offset);
            }
        }
        finally
        {
            _nesting--;
        }
    }

    private IfStatement ParseIf(int offset)
    {
        var condition = ParseExpression();
        Expect(TemplateTokenKind.CloseStatement, "'%}' after the 'if' condition");
        var body = ParseBlock("if", offset, "elif", "else", "endif");
        IReadOnlyList<TemplateStatement> otherwise = [];
        IsTag(out var name);
        if (name == "elif")
        {
            var elifOffset = Next().Offset;
            Next();
            otherwise = [ParseIf(elifOffset)];
        }
        else if (name == "else")
        {
            var elseOffset = Next().Offset;
            Next();
            Expect(TemplateTokenKind.CloseStatement, "'%}' after 'else'");
            otherwise = ParseBlock("else", elseOffset, "endif");
        }

        return new IfStatement(offset, condition, body, otherwise);
    }

    private ForStatement ParseFor(int offset)
    {
        var targets = new List<string>();
        var unpack = false;
        var parenthesized = TryAccept(TemplateTokenKind.OpenParen);
        targets.Add(Expect(TemplateTokenKind.Identifier, "a loop variable name").Value);
        while (TryAccept(TemplateTokenKind.Comma))
        {
            unpack = true;
            targets.Add(Expect(TemplateTokenKind.Identifier, "a loop variable name").Value);
        }

        if (parenthesized)
        {
            Expect(TemplateTokenKind.CloseParen, "')' after the loop variables");
            unpack = true;
        }

        if (AtEnd || !Peek().IsIdentifier("in"))
        {
            throw Error("Expected 'in' after the loop variables", AtEnd ? _source.Text.Length : Peek().Offset);
        }

        Next();
        var iterable = ParseExpression();
        TemplateExpression? filter = null;

        // "for x in items if cond" filters the items; the parser first sees it as a conditional without else.
        if (iterable is ConditionalExpression { Otherwise: null } select)
        {
            iterable = select.Then;
            filter = select.Condition;
        }

        if (!AtEnd && Peek().IsIdentifier("recursive"))
        {
            throw Error("Recursive loops are not supported", Peek().Offset);
        }

        Expect(TemplateTokenKind.CloseStatement, "'%}' after the 'for' header");
        var body = ParseBlock("for", offset, "else", "endfor");
        IReadOnlyList<TemplateStatement> otherwise = [];
        if (IsTag(out var name) && name == "else")
        {
            var elseOffset = Next().Offset;
            Next();
            Expect(TemplateTokenKind.CloseStatement, "'%}' after 'else'");
            otherwise = ParseBlock("else", elseOffset, "endfor");
        }

        ExpectEndTag("endfor");
        return new ForStatement(offset, targets, unpack, iterable, filter, body, otherwise);
    }

    private SetStatement ParseSet(int offset)
    {
        var target = ParseExpressionSequence();
        var valid = target switch
        {
            NameExpression => true,
            ListExpression { IsTuple: true } tuple => tuple.Items.All(item => item is NameExpression),
            MemberExpression { Key: LiteralExpression { Value: JinjaString } } => true,
            _ => false,
        };
        if (!valid)
        {
            throw Error("Cannot assign to this target: expected a name, names separated by commas or 'namespace.attribute'", target.Offset);
        }

        if (TryAccept(TemplateTokenKind.Equals))
        {
            var value = ParseExpressionSequence();
            Expect(TemplateTokenKind.CloseStatement, "'%}' after the 'set' value");
            return new SetStatement(offset, target, value, []);
        }

        Expect(TemplateTokenKind.CloseStatement, "'=' or '%}' after the 'set' target");
        var body = ParseBlock("set", offset, "endset");
        ExpectEndTag("endset");
        return new SetStatement(offset, target, null, body);
    }

    private MacroStatement ParseMacro(int offset)
    {
        var name = Expect(TemplateTokenKind.Identifier, "a macro name").Value;
        var parameters = ParseParameters();
        Expect(TemplateTokenKind.CloseStatement, "'%}' after the macro parameters");
        var body = ParseBlock("macro", offset, "endmacro");
        ExpectEndTag("endmacro");
        var (varargs, kwargs) = SpecialArgumentUse(parameters, body);
        return new MacroStatement(offset, name, parameters, body, varargs, kwargs);
    }

    private CallBlockStatement ParseCallBlock(int offset)
    {
        IReadOnlyList<TemplateParameter> parameters = [];
        if (!AtEnd && Peek().Kind == TemplateTokenKind.OpenParen)
        {
            parameters = ParseParameters();
        }

        var call = ParsePostfix(ParsePrimary());
        if (call is not CallExpression callExpression)
        {
            throw Error("Expected a macro call after 'call'", call.Offset);
        }

        Expect(TemplateTokenKind.CloseStatement, "'%}' after the call");
        var body = ParseBlock("call", offset, "endcall");
        ExpectEndTag("endcall");
        var (varargs, kwargs) = SpecialArgumentUse(parameters, body);
        return new CallBlockStatement(offset, callExpression, parameters, body, varargs, kwargs);
    }

    private FilterBlockStatement ParseFilterBlock(int offset)
    {
        var name = Expect(TemplateTokenKind.Identifier, "a filter name").Value;
        IReadOnlyList<TemplateArgument>? arguments = null;
        if (!AtEnd && Peek().Kind == TemplateTokenKind.OpenParen)
        {
            arguments = ParseArguments();
        }

        Expect(TemplateTokenKind.CloseStatement, "'%}' after the filter");
        var body = ParseBlock("filter", offset, "endfilter");
        ExpectEndTag("endfilter");
        return new FilterBlockStatement(offset, name, arguments, body);
    }

    private void ExpectEndTag(string name)
    {
        if (!IsTag(out var found) || found != name)
        {
            throw Error($"Expected '{{% {name} %}}'", AtEnd ? _source.Text.Length : Peek().Offset);
        }

        Next();
        Next();
        Expect(TemplateTokenKind.CloseStatement, $"'%}}' after '{name}'");
    }

    private TemplateToken Peek() => _tokens[_current];

    private TemplateToken Next()
    {
        if (AtEnd)
        {
            throw Error("Unexpected end of template", _source.Text.Length);
        }

        return _tokens[_current++];
    }

    private bool TryAccept(TemplateTokenKind kind)
    {
        if (!AtEnd && Peek().Kind == kind)
        {
            _current++;
            return true;
        }

        return false;
    }

    private TemplateToken Expect(TemplateTokenKind kind, string what)
    {
        if (AtEnd)
        {
            throw Error($"Unexpected end of template: expected {what}", _source.Text.Length);
        }

        var token = _tokens[_current];
        if (token.Kind != kind)
        {
            throw Error($"Expected {what}, found {token}", token.Offset);
        }

        _current++;
        return token;
    }

    private void Enter(int offset)
    {
        if (++_nesting > MaxNesting || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Error($"The template nests deeper than {MaxNesting} levels", offset);
        }
    }

    /// <summary>
    /// Whether a macro body reads <c>varargs</c> or <c>kwargs</c>: only then does the macro accept extra positional
    /// or keyword arguments, as in Jinja.
    /// </summary>
    private static (bool Varargs, bool Kwargs) SpecialArgumentUse(IReadOnlyList<TemplateParameter> parameters, IReadOnlyList<TemplateStatement> body)
    {
        bool Reads(string name) => parameters.All(p => p.Name != name) &&
            TemplateSyntaxWalker.Expressions(body).Concat(parameters.Select(p => p.Default).OfType<TemplateExpression>())
                .Any(e => e is NameExpression n && n.Name == name);
        return (Reads("varargs"), Reads("kwargs"));
    }

    private ChatTemplateException Error(string reason, int offset) => _source.Error(ChatTemplateErrorKind.Syntax, reason, offset);
}
