namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>A token: its kind, its text (unescaped for strings) and its offset in the original source.</summary>
internal readonly record struct TemplateToken(TemplateTokenKind Kind, string Value, int Offset)
{
    public bool IsIdentifier(string name) => Kind == TemplateTokenKind.Identifier && Value == name;

    public override string ToString() => Kind switch
    {
        TemplateTokenKind.Text => "text",
        TemplateTokenKind.StringLiteral => $"string '{Value}'",
        TemplateTokenKind.OpenStatement => "'{%'",
        TemplateTokenKind.CloseStatement => "'%}'",
        TemplateTokenKind.OpenExpression => "'{{'",
        TemplateTokenKind.CloseExpression => "'}}'",
        _ => $"'{Value}'",
    };
}
