using Microsoft.Extensions.AI;

namespace LocalKernel.Rag.Tests;

/// <summary>Small builders shared by the tests.</summary>
internal static class TestData
{
    public static IReadOnlyList<DocumentChunk> Chunks(params string[] texts) =>
        texts.Select((t, i) => new DocumentChunk(i, t, [], ApproximateTokenCounter.Instance.CountTokens(t), LineStart: (i * 10) + 1, LineEnd: (i * 10) + 5)).ToList();

    public static DocumentRecord Document(string id, string? path = null, params DocumentTag[] tags) =>
        new(id, path ?? "/docs/" + id + ".txt", "text/plain", "hash-" + id, "Title of " + id, tags);

    public static IReadOnlyList<Embedding<float>> Embed(FakeEmbeddingGenerator generator, IReadOnlyList<DocumentChunk> chunks) =>
        chunks.Select(c => new Embedding<float>(generator.EmbedCallback(c.Text)) { ModelId = generator.ModelId }).ToList();

    public static async Task WriteAsync(IDocumentStore store, FakeEmbeddingGenerator? generator, string id, params string[] texts)
    {
        var chunks = Chunks(texts);
        await store.UpsertDocumentAsync(Document(id), chunks, generator is null ? null : Embed(generator, chunks));
    }
}
