using System.Text.Json.Serialization;
using LocalKernel.Rag;

namespace LocalKernel.Samples.KnowledgeBase.Rendering;

/// <summary>The JSON shapes of <c>kb docs list</c>, <c>kb docs show</c> and <c>kb stats</c> (<c>--json</c>). The names are stable.</summary>
internal static class StoreJson
{
    public static DocumentList List(string store, IReadOnlyList<StoredDocument> documents) => new(store, documents.Select(ToJson).ToList());

    public static DocumentDetail Show(StoredDocument document, IReadOnlyList<StoredChunk> chunks) =>
        new(ToJson(document), chunks.Select(c => new Chunk(
            c.Index,
            c.PageStart,
            c.PageEnd is { } end && end != c.PageStart ? end : null,
            c.LineStart is { } start ? new LineRange(start, c.LineEnd ?? start) : null,
            c.Breadcrumb,
            c.TokenCount,
            c.Text)).ToList());

    public static Document ToJson(StoredDocument d) => new(
        d.Id,
        d.SourcePath,
        d.Title,
        d.ContentType,
        d.ContentHash,
        d.ChunkCount,
        d.VectorCount,
        d.Tags.GroupBy(t => t.Key).ToDictionary(g => g.Key, g => string.Join(",", g.Select(t => t.Value))),
        d.CreatedAt,
        d.UpdatedAt);

    internal sealed record DocumentList(
        [property: JsonPropertyName("store")] string Store,
        [property: JsonPropertyName("documents")] IReadOnlyList<Document> Documents);

    internal sealed record Document(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("path")] string Path,
        [property: JsonPropertyName("title")] string? Title,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("sha256")] string Sha256,
        [property: JsonPropertyName("chunks")] int Chunks,
        [property: JsonPropertyName("vectors")] int Vectors,
        [property: JsonPropertyName("tags")] IReadOnlyDictionary<string, string> Tags,
        [property: JsonPropertyName("created")] DateTimeOffset Created,
        [property: JsonPropertyName("updated")] DateTimeOffset Updated);

    internal sealed record DocumentDetail(
        [property: JsonPropertyName("document")] Document Document,
        [property: JsonPropertyName("chunks")] IReadOnlyList<Chunk> Chunks);

    internal sealed record Chunk(
        [property: JsonPropertyName("index")] int Index,
        [property: JsonPropertyName("page")] int? Page,
        [property: JsonPropertyName("pageEnd")] int? PageEnd,
        [property: JsonPropertyName("lines")] LineRange? Lines,
        [property: JsonPropertyName("heading")] string Heading,
        [property: JsonPropertyName("tokens")] int Tokens,
        [property: JsonPropertyName("text")] string Text);

    internal sealed record Stats(
        [property: JsonPropertyName("store")] string Store,
        [property: JsonPropertyName("bytes")] long? Bytes,
        [property: JsonPropertyName("documents")] int Documents,
        [property: JsonPropertyName("chunks")] int Chunks,
        [property: JsonPropertyName("vectors")] int Vectors,
        [property: JsonPropertyName("embeddingModel")] string? EmbeddingModel,
        [property: JsonPropertyName("keywordStemming")] string KeywordStemming,
        [property: JsonPropertyName("types")] IReadOnlyList<TypeCount> Types);

    internal sealed record TypeCount(
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("documents")] int Documents,
        [property: JsonPropertyName("chunks")] int Chunks);
}
