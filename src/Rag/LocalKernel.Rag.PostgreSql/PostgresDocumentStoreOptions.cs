using System.Text.RegularExpressions;

namespace LocalKernel.Rag.PostgreSql;

/// <summary>Settings of a <see cref="PostgresDocumentStore"/>. Null properties mean "use the default".</summary>
public sealed partial class PostgresDocumentStoreOptions
{
    /// <summary>
    /// The PostgreSQL schema holding the store's tables; created when missing. Default <c>localkernel</c>, so the
    /// store's tables never collide with an application's own tables in <c>public</c>. Several stores can share
    /// one database under different schemas. Lower-case letters, digits and underscores, starting with a letter.
    /// When null, the first entry of the connection string's <c>Search Path</c> is used when it has one.
    /// </summary>
    public string? Schema { get; set; }

    /// <summary>
    /// The PostgreSQL text search configuration that splits and stems text for keyword search. Used only when the
    /// store is created; an existing store keeps its own. Default <c>english</c> (Snowball English stemming).
    /// </summary>
    public string? TextSearchConfiguration { get; set; }

    /// <summary>BM25 weight of a chunk's headings (document title and breadcrumb) relative to its text (weight 1). Default 3, as the SQLite store.</summary>
    public double? HeadingWeight { get; set; }

    /// <summary>
    /// Vector search scans every vector instead of the HNSW index: exact, and slower on large stores. Default
    /// false: approximate search through the HNSW index (recall measured by the bench, see the README).
    /// </summary>
    public bool ExactVectorSearch { get; set; }

    /// <summary>
    /// HNSW candidate list size (pgvector's <c>hnsw.ef_search</c>) of a search; larger is slower and finds more of
    /// the true nearest neighbours. Default: 100, or twice the number of results asked for when that is larger.
    /// </summary>
    public int? HnswEfSearch { get; set; }

    /// <summary>
    /// HNSW graph degree (pgvector's <c>m</c>, 2–100) used when the vector index is built: when the store is created,
    /// by <see cref="PostgresDocumentStore.ImportAsync"/>, <see cref="PostgresDocumentStore.ReplaceVectorIndexAsync"/> and
    /// <see cref="PostgresDocumentStore.RebuildVectorIndexAsync"/>.
    /// Larger finds more true neighbours on hard (high intrinsic dimension) data at the cost of a larger index and a
    /// slower build. Default: pgvector's 16. An existing index keeps the settings it was built with until rebuilt.
    /// </summary>
    public int? HnswM { get; set; }

    /// <summary>
    /// HNSW build-time candidate list size (pgvector's <c>ef_construction</c>, 4–1000, at least twice
    /// <see cref="HnswM"/>), used when the vector index is built. Larger builds a better graph, more slowly.
    /// Default: pgvector's 64.
    /// </summary>
    public int? HnswEfConstruction { get; set; }

    /// <summary>The clock for document timestamps. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>For measuring only: rank keyword matches with PostgreSQL's ts_rank instead of BM25.</summary>
    internal bool UseTsRank { get; set; }

    internal string SchemaOrDefault => Schema ?? "localkernel";

    internal string TextSearchConfigurationOrDefault => TextSearchConfiguration ?? "english";

    internal double HeadingWeightOrDefault => HeadingWeight ?? 3.0;

    internal TimeProvider TimeProviderOrDefault => TimeProvider ?? TimeProvider.System;

    /// <summary>pgvector's own default m.</summary>
    internal int HnswMOrDefault => HnswM ?? 16;

    /// <summary>pgvector's own default ef_construction.</summary>
    internal int HnswEfConstructionOrDefault => HnswEfConstruction ?? 64;

    internal int EfSearchFor(int top) => HnswEfSearch ?? Math.Clamp(Math.Max(100, top * 2), 1, 1000);

    internal PostgresDocumentStoreOptions Clone() => (PostgresDocumentStoreOptions)MemberwiseClone();

    /// <summary>A copy with every name checked, so an identifier spliced into SQL can only be a plain name.</summary>
    internal PostgresDocumentStoreOptions Validated()
    {
        var copy = Clone();
        if (!PlainName().IsMatch(copy.SchemaOrDefault))
        {
            throw new ArgumentException($"'{copy.SchemaOrDefault}' is not a valid schema name: use lower-case letters, digits and underscores, starting with a letter.", nameof(Schema));
        }

        if (!PlainName().IsMatch(copy.TextSearchConfigurationOrDefault))
        {
            throw new ArgumentException($"'{copy.TextSearchConfigurationOrDefault}' is not a valid text search configuration name.", nameof(TextSearchConfiguration));
        }

        if (copy.HeadingWeight is { } weight && !(weight >= 0 && double.IsFinite(weight)))
        {
            throw new ArgumentOutOfRangeException(nameof(HeadingWeight), weight, "The heading weight must be a finite number ≥ 0.");
        }

        if (copy.HnswEfSearch is { } ef && ef is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(HnswEfSearch), ef, "pgvector accepts ef_search from 1 to 1000.");
        }

        if (copy.HnswM is { } m && m is < 2 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(HnswM), m, "pgvector accepts an HNSW m from 2 to 100.");
        }

        if (copy.HnswEfConstruction is { } efc && (efc is < 4 or > 1000 || efc < 2 * copy.HnswMOrDefault))
        {
            throw new ArgumentOutOfRangeException(nameof(HnswEfConstruction), efc, $"pgvector accepts an HNSW ef_construction from 4 to 1000 and at least twice m ({copy.HnswMOrDefault}).");
        }

        return copy;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex PlainName();
}
