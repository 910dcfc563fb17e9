namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>The kinds of template tokens.</summary>
internal enum TemplateTokenKind
{
    Text,
    Comment,
    OpenStatement,
    CloseStatement,
    OpenExpression,
    CloseExpression,
    Identifier,
    NumericLiteral,
    StringLiteral,
    Equals,
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    OpenBrace,
    CloseBrace,
    Comma,
    Dot,
    Colon,
    Pipe,

    /// <summary><c>+ - ~</c> between operands.</summary>
    Additive,

    /// <summary><c>* / // %</c>.</summary>
    Multiplicative,

    /// <summary><c>**</c>.</summary>
    Power,

    /// <summary><c>== != &lt; &gt; &lt;= &gt;=</c>.</summary>
    Comparison,

    /// <summary>A sign with no digits after it: <c>-x</c>.</summary>
    UnarySign,
}
