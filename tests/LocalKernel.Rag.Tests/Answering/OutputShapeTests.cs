using System.Text.Json;

namespace LocalKernel.Rag.Tests;

/// <summary>The JSON names of <see cref="AnswerOutput"/> and <see cref="SearchOutput"/> are a contract with scripts.</summary>
public sealed class OutputShapeTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Answer_and_search_serialize_with_the_documented_names()
    {
        using var store = SqliteDocumentStore.Open(_temp.File("o.db"));
        await TestData.WriteAsync(store, null, "france", "Paris is the capital of France.", "France borders Spain.");
        var retriever = new HybridRetriever(store);

        var answer = JsonDocument.Parse(RagJson.Serialize(AnswerOutput.From(await new DocumentAnswerer(retriever).AskAsync("capital of France")))).RootElement;
        var search = JsonDocument.Parse(RagJson.Serialize(SearchOutput.From("France", await retriever.RetrieveAsync("France")))).RootElement;

        Assert.Equal("Paris is the capital of France. [1]", answer.GetProperty("answer").GetString());
        Assert.False(answer.GetProperty("abstained").GetBoolean());
        Assert.Equal("extractive", answer.GetProperty("kind").GetString());
        var source = Assert.Single(answer.GetProperty("sources").EnumerateArray());
        Assert.Equal("/docs/france.txt", source.GetProperty("path").GetString());
        Assert.Equal(1, source.GetProperty("lines").GetProperty("start").GetInt32());
        Assert.Equal(string.Empty, source.GetProperty("heading").GetString());
        Assert.Equal("Paris is the capital of France.", source.GetProperty("snippet").GetString());
        Assert.False(source.TryGetProperty("page", out _));

        var result = Assert.Single(search.GetProperty("results").EnumerateArray());
        Assert.Equal("/docs/france.txt", result.GetProperty("path").GetString());
        Assert.True(result.GetProperty("score").GetDouble() > 0);
        Assert.False(string.IsNullOrEmpty(result.GetProperty("snippet").GetString()));
        Assert.Equal(["keyword"], result.GetProperty("foundBy").EnumerateArray().Select(e => e.GetString()));
        Assert.Single(result.GetProperty("alsoInDocument").EnumerateArray());
    }
}
