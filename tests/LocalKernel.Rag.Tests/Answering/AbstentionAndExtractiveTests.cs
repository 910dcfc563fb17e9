namespace LocalKernel.Rag.Tests;

/// <summary>The abstention rule, one source per document, and the extractive answer's choice and order of sentences.</summary>
public sealed class AbstentionAndExtractiveTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<SqliteDocumentStore> AtlasAsync()
    {
        var store = SqliteDocumentStore.Open(_temp.File("atlas.db"));
        await TestData.WriteAsync(store, null, "france", "Paris is the capital of France. The capital has many museums.");
        await TestData.WriteAsync(store, null, "italy", "Rome is the capital of Italy. It was founded long ago.");
        await TestData.WriteAsync(store, null, "plague", "The bacteriologist A. J. Yersin identified the plague bacillus in 1894. He worked in Hong Kong.");
        await TestData.WriteAsync(store, null, "rivers", "The Seine flows through Paris.", "The Seine reaches the sea at Le Havre.", "Barges on the Seine carry grain.");
        for (int i = 0; i < 6; i++)
        {
            await TestData.WriteAsync(store, null, "filler" + i, $"Bread recipe {i} needs flour, water and salt.");
        }

        return store;
    }

    [Theory]
    [InlineData("What is the capital of Mars?")]
    [InlineData("How do I bake sourdough bread?")]
    public async Task A_question_sharing_only_common_words_is_not_answered(string question)
    {
        using var store = await AtlasAsync();
        var answerer = new DocumentAnswerer(new HybridRetriever(store));

        var answer = await answerer.AskAsync(question);

        Assert.True(answer.Abstained, answer.Text);
        Assert.True(answer.Relevance < AnswerOptions.DefaultMinRelevance);
        Assert.Empty(answer.Sources);
    }

    [Fact]
    public async Task A_covered_question_is_answered_and_the_threshold_is_tunable()
    {
        using var store = await AtlasAsync();
        var answerer = new DocumentAnswerer(new HybridRetriever(store));

        var answer = await answerer.AskAsync("What is the capital of France?");
        var strict = await answerer.AskAsync("What is the capital of France and its population?", new AnswerOptions { MinRelevance = 0.99 });

        Assert.False(answer.Abstained);
        Assert.True(answer.Relevance > 0.95, answer.Relevance.ToString(System.Globalization.CultureInfo.InvariantCulture)); // every word covered
        Assert.StartsWith("Paris is the capital of France. [1]", answer.Text, StringComparison.Ordinal);
        Assert.True(strict.Abstained);
    }

    [Fact]
    public async Task Chunks_of_one_document_take_one_slot_and_one_citation_number()
    {
        using var store = await AtlasAsync();
        var retriever = new HybridRetriever(store);

        var passages = await retriever.RetrieveAsync("Seine Paris sea grain");
        var answer = await new DocumentAnswerer(retriever).AskAsync("Where does the Seine flow and where does the Seine reach the sea?");

        Assert.Equal(passages.Count, passages.Select(p => p.DocumentId).Distinct().Count());
        var rivers = passages.Single(p => p.DocumentId == "rivers");
        Assert.Equal(2, rivers.AlsoInDocument.Count);
        Assert.Equal([0, 1, 2], rivers.DocumentPassages.Select(p => p.ChunkIndex));
        Assert.Equal(answer.Sources.Count, answer.Sources.Select(s => s.DocumentId).Distinct().Count());
        Assert.Equal(answer.Citations.Count, answer.Citations.Select(c => c.DocumentId).Distinct().Count());
        Assert.Equal("The Seine flows through Paris. [1]\nThe Seine reaches the sea at Le Havre. [1]", answer.Text);
    }

    [Fact]
    public async Task Initials_do_not_end_a_sentence_and_near_duplicates_are_not_repeated()
    {
        using var store = SqliteDocumentStore.Open(_temp.File("dup.db"));
        await TestData.WriteAsync(store, null, "a", "The bacteriologist A. J. Yersin identified the plague bacillus in 1894. He worked in Hong Kong.");
        await TestData.WriteAsync(store, null, "b", "In 1894 the bacteriologist A. J. Yersin identified the plague bacillus. Rats carried fleas.");
        await TestData.WriteAsync(store, null, "c", "Kitasato also studied the plague bacillus in Hong Kong.");

        var answer = await new DocumentAnswerer(new HybridRetriever(store)).AskAsync("Who identified the plague bacillus?");

        var sentences = answer.Text.Split('\n');
        Assert.Contains("A. J. Yersin identified the plague bacillus", sentences[0], StringComparison.Ordinal);
        Assert.Single(sentences, s => s.Contains("Yersin", StringComparison.Ordinal));
    }
}
