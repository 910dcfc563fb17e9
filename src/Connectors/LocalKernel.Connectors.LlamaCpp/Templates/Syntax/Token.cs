namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>A token: its kind, its text (unescaped for strings) and its offset in the original source.</summary>
internal readonly record struct Token(TokenKind Kind, string Value, int Offset)
{
    public bool IsIdentifier(string name) => Kind == TokenKind.Identifier && Value == name;

    public override string ToString() => Kind switch
    {
        TokenKind.Text => "text",
        TokenKind.StringLiteral => $"string '{Value}'",
        TokenKind.OpenStatement => "'{%'",
        TokenKind.CloseStatement => "'%}'",
        TokenKind.OpenExpression => "'{{'",
        TokenKind.CloseExpression => "'}}'",
        _ => $"'{Value}'",
    };
}
