using Microsoft.Extensions.AI;

namespace LocalKernel.Rag.VectorData;

/// <summary>Options of <see cref="SqliteVectorStore"/> and <see cref="PostgresVectorStore"/>. Null means "use the default".</summary>
public sealed class SqlVectorStoreOptions
{
    /// <summary>
    /// The embedding generator for vector properties whose values are to be embedded (e.g. a string property with a
    /// vector attribute) and for searches by text, unless the definition or the property names another.
    /// </summary>
    public IEmbeddingGenerator? EmbeddingGenerator { get; set; }

    /// <summary>PostgreSQL only: the schema that holds the collections' tables. Default "localkernel_vectors".</summary>
    public string? Schema { get; set; }

    /// <summary>PostgreSQL only: the text search configuration (stemmer) of keyword search. Default "english".</summary>
    public string? TextSearchConfiguration { get; set; }

    internal string SchemaOrDefault => Identifier(Schema ?? "localkernel_vectors", nameof(Schema));

    internal string TextSearchConfigurationOrDefault => Identifier(TextSearchConfiguration ?? "english", nameof(TextSearchConfiguration));

    private static string Identifier(string value, string name) =>
        value.Length is > 0 and <= 63 && (char.IsAsciiLetter(value[0]) || value[0] == '_') && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? value
            : throw new ArgumentException($"{name} '{value}' is not a plain identifier (ASCII letters, digits and '_', up to 63).", name);
}
