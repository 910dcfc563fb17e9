using Microsoft.Extensions.VectorData;

namespace LocalKernel.Rag.VectorData;

/// <summary>
/// One chunk of a document as a Microsoft.Extensions.VectorData record. Records with the same
/// <see cref="DocumentId"/> form one document of the underlying store, written in one transaction.
/// </summary>
public sealed class DocumentChunkRecord
{
    /// <summary>"documentId#chunkIndex": the chunk's identity in the collection.</summary>
    [VectorStoreKey]
    public string Key { get; set; } = string.Empty;

    /// <summary>The document the chunk belongs to.</summary>
    [VectorStoreData(IsIndexed = true)]
    public string DocumentId { get; set; } = string.Empty;

    /// <summary>0-based position of the chunk in its document.</summary>
    [VectorStoreData]
    public int ChunkIndex { get; set; }

    /// <summary>Where the document came from (a file path or a URI).</summary>
    [VectorStoreData(IsIndexed = true)]
    public string SourcePath { get; set; } = string.Empty;

    /// <summary>The document's title when known.</summary>
    [VectorStoreData]
    public string? Title { get; set; }

    /// <summary>The headings above the chunk, e.g. "Install › GPU".</summary>
    [VectorStoreData]
    public string Breadcrumb { get; set; } = string.Empty;

    /// <summary>The chunk's text: what keyword (BM25) search and embedding generation read.</summary>
    [VectorStoreData(IsFullTextIndexed = true)]
    public string Text { get; set; } = string.Empty;

    /// <summary>The document's tags as "key=value" strings; filter with <c>r.Tags.Contains("project=atlas")</c>.</summary>
    [VectorStoreData(IsIndexed = true)]
    public List<string> Tags { get; set; } = [];

    /// <summary>First page (PDF), else null.</summary>
    [VectorStoreData]
    public int? PageStart { get; set; }

    /// <summary>
    /// The chunk's vector (of the store's embedding model, L2-normalised when read). On upsert, null asks the
    /// collection to generate it from <see cref="Text"/> with its embedding generator. Its dimensions are those of
    /// the store's model, so it carries no fixed-size vector attribute.
    /// </summary>
    public ReadOnlyMemory<float>? Embedding { get; set; }

    internal static string KeyOf(string documentId, int index) => documentId + "#" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static (string DocumentId, int Index) ParseKey(string key)
    {
        int hash = key.LastIndexOf('#');
        if (hash <= 0 || !int.TryParse(key.AsSpan(hash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index))
        {
            throw new ArgumentException($"'{key}' is not a chunk key: keys are \"documentId#chunkIndex\".", nameof(key));
        }

        return (key[..hash], index);
    }
}
