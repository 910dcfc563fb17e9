using System.Data;
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace LocalKernel.Rag;

/// <summary>
/// What the SQLite and PostgreSQL stores share row for row: a chunk read from their common column order, and the
/// check and L2 normalisation of the vectors a document brings (both stores refuse another model the same way).
/// </summary>
internal static class StoreRows
{
    /// <summary>
    /// A chunk from columns chunk_key, document id, source path, title, chunk index, text, breadcrumb, token count,
    /// page start, page end, line start, line end (ordinals 0–11).
    /// </summary>
    public static StoredChunk ReadChunk(IDataRecord reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetInt32(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.GetInt32(7),
        NullableInt(reader, 8),
        NullableInt(reader, 9),
        NullableInt(reader, 10),
        NullableInt(reader, 11));

    private static int? NullableInt(IDataRecord reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    /// <summary>
    /// Checks a document's vectors against the store's model and returns them L2-normalised (inner product is then
    /// cosine); null when the document brings none and the store has no model.
    /// </summary>
    /// <param name="embeddings">One vector per chunk, or null.</param>
    /// <param name="chunkCount">The document's chunk count.</param>
    /// <param name="model">The store's embedding model, or null.</param>
    /// <param name="store">The store as named in messages (a quoted path, or a PostgreSQL description).</param>
    /// <exception cref="EmbeddingModelMismatchException">The vectors are missing, unexpected, or of another model.</exception>
    /// <exception cref="ArgumentException">The vector count differs from the chunk count.</exception>
    public static float[][]? PrepareVectors(IReadOnlyList<Embedding<float>>? embeddings, int chunkCount, EmbeddingModelInfo? model, string store)
    {
        if (embeddings is null)
        {
            if (model is not null && chunkCount > 0)
            {
                throw new EmbeddingModelMismatchException(model, null,
                    $"The store {store} holds vectors of {model}: documents written to it need vectors of that model.");
            }

            return null;
        }

        if (model is null)
        {
            throw new EmbeddingModelMismatchException(null, null,
                $"The store {store} was opened without an embedding model; open it with the model that made these vectors.");
        }

        if (embeddings.Count != chunkCount)
        {
            throw new ArgumentException($"{embeddings.Count} embeddings were given for {chunkCount} chunks.", nameof(embeddings));
        }

        var vectors = new float[chunkCount][];
        for (int i = 0; i < chunkCount; i++)
        {
            var embedding = embeddings[i];
            if (embedding.Vector.Length != model.Dimensions
                || (embedding.ModelId is { Length: > 0 } id && !string.Equals(id, model.Name, StringComparison.OrdinalIgnoreCase)))
            {
                var offered = new EmbeddingModelInfo(embedding.ModelId ?? "(unnamed)", embedding.Vector.Length, model.Pooling, model.Normalized);
                throw new EmbeddingModelMismatchException(model, offered,
                    $"The store {store} holds vectors of {model}; a vector of {embedding.Vector.Length} dimensions from model '{embedding.ModelId ?? "(unnamed)"}' was refused.");
            }

            vectors[i] = Normalize(embedding.Vector.Span);
        }

        return vectors;
    }

    /// <summary>The vector scaled to unit length; a zero vector stays zero (it matches nothing, the honest answer).</summary>
    public static float[] Normalize(ReadOnlySpan<float> vector)
    {
        var result = vector.ToArray();
        float norm = TensorPrimitives.Norm(result);
        if (norm > 0 && float.IsFinite(norm))
        {
            TensorPrimitives.Divide(result, norm, result);
        }

        return result;
    }
}
