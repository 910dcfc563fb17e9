namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// A JSON schema uses a keyword (or a value of one) that <see cref="JsonSchemaGrammar"/> cannot enforce with a
/// grammar. Thrown instead of producing a grammar that would accept values the schema forbids.
/// </summary>
public sealed class JsonSchemaNotSupportedException : NotSupportedException
{
    /// <summary>Creates the exception for <paramref name="keyword"/> at <paramref name="schemaPath"/>.</summary>
    public JsonSchemaNotSupportedException(string keyword, string schemaPath, string? detail = null)
        : base($"The JSON schema keyword '{keyword}' at '{schemaPath}' is not supported by the grammar converter{(detail is null ? "." : ": " + detail)}")
    {
        Keyword = keyword;
        SchemaPath = schemaPath;
    }

    /// <summary>The keyword, e.g. <c>pattern</c>.</summary>
    public string Keyword { get; }

    /// <summary>Where in the schema it is, as a JSON pointer fragment (<c>#/properties/name</c>).</summary>
    public string SchemaPath { get; }
}
