using System.Globalization;
using System.Text;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Splits preprocessed template text into tokens. Whitespace control follows Hugging Face's engines: <c>{%-</c>,
/// <c>{{-</c> and <c>{#-</c> trim the whitespace before them, <c>-%}</c>, <c>-}}</c> and <c>-#}</c> the whitespace
/// after them.
/// </summary>
internal sealed class TemplateLexer
{
    // Longest operators first, so that "**" is not read as "*" "*" and "//" not as "/" "/".
    private static readonly (string Text, TemplateTokenKind Kind)[] Symbols =
    [
        ("{%", TemplateTokenKind.OpenStatement), ("%}", TemplateTokenKind.CloseStatement),
        ("{{", TemplateTokenKind.OpenExpression), ("}}", TemplateTokenKind.CloseExpression),
        ("(", TemplateTokenKind.OpenParen), (")", TemplateTokenKind.CloseParen),
        ("{", TemplateTokenKind.OpenBrace), ("}", TemplateTokenKind.CloseBrace),
        ("[", TemplateTokenKind.OpenBracket), ("]", TemplateTokenKind.CloseBracket),
        (",", TemplateTokenKind.Comma), (".", TemplateTokenKind.Dot), (":", TemplateTokenKind.Colon), ("|", TemplateTokenKind.Pipe),
        ("<=", TemplateTokenKind.Comparison), (">=", TemplateTokenKind.Comparison), ("==", TemplateTokenKind.Comparison),
        ("!=", TemplateTokenKind.Comparison), ("<", TemplateTokenKind.Comparison), (">", TemplateTokenKind.Comparison),
        ("+", TemplateTokenKind.Additive), ("-", TemplateTokenKind.Additive), ("~", TemplateTokenKind.Additive),
        ("**", TemplateTokenKind.Power), ("*", TemplateTokenKind.Multiplicative), ("//", TemplateTokenKind.Multiplicative),
        ("/", TemplateTokenKind.Multiplicative), ("%", TemplateTokenKind.Multiplicative), ("=", TemplateTokenKind.Equals),
    ];

    private readonly PreprocessedTemplate _template;
    private readonly TemplateSourceText _source;
    private readonly string _text;
    private readonly List<TemplateToken> _tokens = [];
    private int _position;
    private int _braceDepth;

    private TemplateLexer(PreprocessedTemplate template, TemplateSourceText source)
    {
        _template = template;
        _source = source;
        _text = template.Text;
    }

    public static List<TemplateToken> Tokenize(PreprocessedTemplate template, TemplateSourceText source)
    {
        var lexer = new TemplateLexer(template, source);
        lexer.Run();
        return lexer._tokens;
    }

    private TemplateTokenKind? LastKind => _tokens.Count == 0 ? null : _tokens[^1].Kind;

    private void Run()
    {
        while (_position < _text.Length)
        {
            if (LastKind is null or TemplateTokenKind.CloseStatement or TemplateTokenKind.CloseExpression or TemplateTokenKind.Comment && ReadText())
            {
                continue;
            }

            if (At("{#"))
            {
                ReadComment();
                continue;
            }

            if (At("{%-") || At("{{-"))
            {
                TrimPreviousText();
                var kind = _text[_position + 1] == '%' ? TemplateTokenKind.OpenStatement : TemplateTokenKind.OpenExpression;
                Add(kind, kind == TemplateTokenKind.OpenStatement ? "{%" : "{{", _position);
                if (kind == TemplateTokenKind.OpenExpression)
                {
                    _braceDepth = 0;
                }

                _position += 3;
                continue;
            }

            while (_position < _text.Length && JsWhitespace.Is(_text[_position]))
            {
                _position++;
            }

            if (_position >= _text.Length)
            {
                throw Error("Unexpected end of template inside a tag", _position);
            }

            if (At("-%}") || At("-}}"))
            {
                var kind = _text[_position + 1] == '%' ? TemplateTokenKind.CloseStatement : TemplateTokenKind.CloseExpression;
                Add(kind, kind == TemplateTokenKind.CloseStatement ? "%}" : "}}", _position);
                _position += 3;
                SkipWhitespace();
                continue;
            }

            var c = _text[_position];
            if (c is '-' or '+' && !PreviousEndsOperand() && ReadSignedNumberOrSign())
            {
                continue;
            }

            if (ReadSymbol())
            {
                continue;
            }

            if (c is '\'' or '"')
            {
                ReadString(c);
            }
            else if (char.IsAsciiDigit(c))
            {
                ReadNumber(string.Empty, _position);
            }
            else if (IsWordChar(c))
            {
                var start = _position;
                while (_position < _text.Length && IsWordChar(_text[_position]))
                {
                    _position++;
                }

                Add(TemplateTokenKind.Identifier, _text[start.._position], start);
            }
            else
            {
                throw Error($"Unexpected character '{c}'", _position);
            }
        }
    }

    // Identifiers are ASCII words, as in the reference engine.
    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private bool At(string s) => string.CompareOrdinal(_text, _position, s, 0, s.Length) == 0;

    private void Add(TemplateTokenKind kind, string value, int position) =>
        _tokens.Add(new TemplateToken(kind, value, _template.OriginalOffset(position)));

    private bool ReadText()
    {
        var start = _position;
        while (_position < _text.Length &&
               !(_text[_position] == '{' && _position + 1 < _text.Length && _text[_position + 1] is '%' or '{' or '#'))
        {
            _position++;
        }

        if (_position == start)
        {
            return false;
        }

        Add(TemplateTokenKind.Text, _text[start.._position], start);
        return true;
    }

    private void ReadComment()
    {
        var start = _position;
        _position += 2;
        var stripBefore = _position < _text.Length && _text[_position] == '-';
        var end = _text.IndexOf("#}", _position, StringComparison.Ordinal);
        if (end < 0)
        {
            throw Error("Missing end of comment tag '#}'", start);
        }

        var stripAfter = end > _position && _text[end - 1] == '-';
        if (stripBefore)
        {
            TrimPreviousText();
        }

        Add(TemplateTokenKind.Comment, string.Empty, start);
        _position = end + 2;
        if (stripAfter)
        {
            SkipWhitespace();
        }
    }

    private void TrimPreviousText()
    {
        if (_tokens.Count > 0 && _tokens[^1].Kind == TemplateTokenKind.Text)
        {
            var trimmed = JsWhitespace.TrimEnd(_tokens[^1].Value);
            if (trimmed.Length == 0)
            {
                _tokens.RemoveAt(_tokens.Count - 1);
            }
            else
            {
                _tokens[^1] = _tokens[^1] with { Value = trimmed };
            }
        }
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length && JsWhitespace.Is(_text[_position]))
        {
            _position++;
        }
    }

    // After an operand a sign is the binary operator; elsewhere it is a sign, glued to the number that follows.
    private bool PreviousEndsOperand() => LastKind is TemplateTokenKind.Identifier or TemplateTokenKind.NumericLiteral
        or TemplateTokenKind.StringLiteral or TemplateTokenKind.CloseParen or TemplateTokenKind.CloseBracket;

    private bool ReadSignedNumberOrSign()
    {
        var start = _position;
        var sign = _text[_position].ToString();
        _position++;
        if (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
        {
            ReadNumber(sign, start);
        }
        else
        {
            Add(TemplateTokenKind.UnarySign, sign, start);
        }

        return true;
    }

    private void ReadNumber(string sign, int start)
    {
        var digitsStart = _position;
        while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
        {
            _position++;
        }

        // "x.0.1" is two member accesses; "1.5" is a float.
        if (LastKind != TemplateTokenKind.Dot && _position + 1 < _text.Length && _text[_position] == '.' &&
            char.IsAsciiDigit(_text[_position + 1]))
        {
            _position++;
            while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
            {
                _position++;
            }
        }

        // Python's exponent ("1.5e3"), which the reference engine lacks; always a float, as in Python.
        var isExponent = false;
        if (LastKind != TemplateTokenKind.Dot && _position + 1 < _text.Length && _text[_position] is 'e' or 'E')
        {
            var digits = _position + (_text[_position + 1] is '+' or '-' ? 2 : 1);
            if (digits < _text.Length && char.IsAsciiDigit(_text[digits]))
            {
                _position = digits;
                while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
                {
                    _position++;
                }

                isExponent = true;
            }
        }

        var literal = sign + _text[digitsStart.._position];
        Add(TemplateTokenKind.NumericLiteral, isExponent && !literal.Contains('.') ? literal.Insert(literal.IndexOfAny(['e', 'E']), ".0") : literal, start);
    }

    private bool ReadSymbol()
    {
        foreach (var (symbol, kind) in Symbols)
        {
            // Inside a dict literal "}}" closes braces, not the expression.
            if (kind == TemplateTokenKind.CloseExpression && _braceDepth > 0)
            {
                continue;
            }

            if (!At(symbol))
            {
                continue;
            }

            Add(kind, symbol, _position);
            switch (kind)
            {
                case TemplateTokenKind.OpenExpression:
                    _braceDepth = 0;
                    break;
                case TemplateTokenKind.OpenBrace:
                    _braceDepth++;
                    break;
                case TemplateTokenKind.CloseBrace:
                    _braceDepth--;
                    break;
            }

            _position += symbol.Length;
            return true;
        }

        return false;
    }

    private void ReadString(char quote)
    {
        var start = _position;
        _position++;
        var value = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw Error("Unterminated string literal", start);
            }

            var c = _text[_position++];
            if (c == quote)
            {
                break;
            }

            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            if (_position >= _text.Length)
            {
                throw Error("Unterminated string literal", start);
            }

            ReadEscape(value);
        }

        Add(TemplateTokenKind.StringLiteral, value.ToString(), start);
    }

    private void ReadEscape(StringBuilder value)
    {
        var escapeStart = _position - 1;
        var e = _text[_position++];
        switch (e)
        {
            case 'n': value.Append('\n'); break;
            case 't': value.Append('\t'); break;
            case 'r': value.Append('\r'); break;
            case 'b': value.Append('\b'); break;
            case 'f': value.Append('\f'); break;
            case 'v': value.Append('\v'); break;
            case 'a': value.Append('\a'); break;
            case '\'' or '"' or '\\': value.Append(e); break;
            case '\n': break; // a backslash-newline continues the string on the next line, as in Python
            case 'x': value.Append((char)ReadHex(2, escapeStart)); break;
            case 'u': value.Append((char)ReadHex(4, escapeStart)); break;
            case 'U':
                var codePoint = ReadHex(8, escapeStart);
                if (codePoint is < 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF))
                {
                    throw Error("Invalid \\U escape sequence", escapeStart);
                }

                value.Append(char.ConvertFromUtf32(codePoint));
                break;
            case >= '0' and <= '7':
                var octal = e - '0';
                for (var i = 0; i < 2 && _position < _text.Length && _text[_position] is >= '0' and <= '7'; i++)
                {
                    octal = (octal * 8) + (_text[_position++] - '0');
                }

                value.Append((char)octal);
                break;
            default:
                // Python keeps an unknown escape as written.
                value.Append('\\').Append(e);
                break;
        }
    }

    private int ReadHex(int length, int escapeStart)
    {
        if (_position + length > _text.Length ||
            !int.TryParse(_text.AsSpan(_position, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
        {
            throw Error("Invalid hexadecimal escape sequence", escapeStart);
        }

        _position += length;
        return code;
    }

    private ChatTemplateException Error(string reason, int position) =>
        _source.Error(ChatTemplateErrorKind.Syntax, reason, _template.OriginalOffset(position));
}
