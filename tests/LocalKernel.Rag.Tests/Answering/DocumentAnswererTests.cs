using Microsoft.Extensions.AI;

namespace LocalKernel.Rag.Tests;

public sealed class DocumentAnswererTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeEmbeddingGenerator _embedder = FakeEmbeddingGenerator.HashingBagOfWords();

    public void Dispose() => _temp.Dispose();

    private async Task<SqliteDocumentStore> StoreAsync(bool vectors = true)
    {
        var store = SqliteDocumentStore.Open(_temp.File("store.db"), vectors ? _embedder.ModelInfo : null);
        var writer = vectors ? _embedder : null;
        await TestData.WriteAsync(store, writer, "france", "Paris is the capital of France. It has two million inhabitants.");
        await TestData.WriteAsync(store, writer, "rivers", "The Seine flows through Paris. It reaches the sea at Le Havre.");
        await TestData.WriteAsync(store, writer, "baking", "Bread needs flour, water, salt and yeast.");
        return store;
    }

    [Fact]
    public async Task A_streamed_answer_keeps_valid_citations_drops_invented_ones_and_lists_the_cited_sources()
    {
        using var store = await StoreAsync();
        var chat = FakeChatClient.Streaming("Paris is the capital of France [", "1]. The Seine flows through it [2", "][7", "]. Nothing else [", "12].");
        var answerer = new DocumentAnswerer(new HybridRetriever(store, _embedder), chat);

        var updates = new List<AnswerUpdate>();
        await foreach (var update in answerer.AskStreamingAsync("What is the capital of France and which river flows through Paris?"))
        {
            updates.Add(update);
        }

        var answer = updates[^1].Answer!;
        Assert.NotNull(updates[0].Sources);
        Assert.Equal(AnswerKind.Generated, answer.Kind);
        Assert.Equal(string.Concat(updates.Select(u => u.Text)).Trim(), answer.Text);
        Assert.DoesNotContain("[7]", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("[12]", answer.Text, StringComparison.Ordinal);
        Assert.Equal([7, 12], answer.RemovedCitations);

        // The sources are numbered in the prompt as in the answer.
        var prompt = chat.Requests.Single()[^1].Text;
        var sources = answer.Sources;
        Assert.Contains("[1] Title of " + sources[0].DocumentId, prompt, StringComparison.Ordinal);
        Assert.EndsWith("Question: What is the capital of France and which river flows through Paris?", prompt, StringComparison.Ordinal);
        Assert.Equal(ChatRole.System, chat.Requests.Single()[0].Role);

        Assert.Equal([1, 2], answer.Citations.Select(c => c.Number));
        foreach (var citation in answer.Citations)
        {
            Assert.Same(sources[citation.Number - 1], citation.Passage);
            Assert.Equal("lines 1–5", citation.Location);
            Assert.Contains(citation.Snippet, citation.Passage.Text, StringComparison.Ordinal);
        }

        Assert.Equal(
            "Paris is the capital of France [1]. The Seine flows through it [2]. Nothing else.",
            answer.Text);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task When_nothing_relevant_is_retrieved_the_answer_says_so_without_calling_the_model(bool vectors)
    {
        using var store = await StoreAsync(vectors);
        var chat = FakeChatClient.Streaming("made-up answer [1]");
        var answerer = new DocumentAnswerer(new HybridRetriever(store, vectors ? _embedder : null), chat, new AnswerOptions { NotFoundText = "Not in the documents." });

        var answer = await answerer.AskAsync("What is the boiling point of mercury?");

        Assert.Equal(AnswerKind.NotFound, answer.Kind);
        Assert.Equal("Not in the documents.", answer.Text);
        Assert.Empty(answer.Citations);
        Assert.Empty(chat.Requests);
    }

    [Fact]
    public async Task The_relevance_threshold_is_configurable()
    {
        using var store = await StoreAsync(vectors: false);
        var answerer = new DocumentAnswerer(new HybridRetriever(store), FakeChatClient.Streaming("ok [1]"));

        Assert.Equal(AnswerKind.Generated, (await answerer.AskAsync("flour")).Kind);
        Assert.Equal(AnswerKind.NotFound, (await answerer.AskAsync("flour", new AnswerOptions { MinKeywordScore = 1000 })).Kind);
    }

    [Fact]
    public async Task Without_a_chat_client_the_answer_is_the_most_relevant_sentences_with_their_sources()
    {
        using var store = await StoreAsync();
        var answerer = new DocumentAnswerer(new HybridRetriever(store, _embedder), chatClient: null, new AnswerOptions { ExtractiveSentences = 2 });

        var answer = await answerer.AskAsync("Which river flows through Paris, and where does it reach the sea?");

        Assert.Equal(AnswerKind.Extractive, answer.Kind);
        var rivers = answer.Sources.Select((s, i) => (s, i)).Single(x => x.s.DocumentId == "rivers").i + 1;
        Assert.Equal($"The Seine flows through Paris. [{rivers}]\nIt reaches the sea at Le Havre. [{rivers}]", answer.Text);
        var citation = Assert.Single(answer.Citations);
        Assert.Equal("rivers", citation.DocumentId);
        Assert.Equal("/docs/rivers.txt", citation.SourcePath);
    }

    [Fact]
    public async Task Sources_are_added_best_first_while_they_fit_the_token_budget()
    {
        using var store = SqliteDocumentStore.Open(_temp.File("big.db"));
        for (int i = 0; i < 6; i++)
        {
            var words = string.Join(' ', Enumerable.Repeat($"volcano eruption lava number{i}", 10));
            await TestData.WriteAsync(store, null, "doc" + i, words);
        }

        var chat = FakeChatClient.Streaming("Lava [1][2][3].");
        var answerer = new DocumentAnswerer(new HybridRetriever(store), chat, new AnswerOptions { MaxPromptTokens = 400 });

        var answer = await answerer.AskAsync("volcano lava");

        var prompt = string.Join("\n", chat.Requests.Single().Select(m => m.Text));
        Assert.InRange(ApproximateTokenCounter.Instance.CountTokens(prompt), 300, 400);
        Assert.Equal(3, answer.Sources.Count);
        Assert.Equal([1, 2, 3], answer.Citations.Select(c => c.Number));

        // A source too large for the whole budget is still given, truncated, rather than nothing.
        var small = await answerer.AskAsync("volcano lava", new AnswerOptions { MaxPromptTokens = 150 });
        Assert.Single(small.Sources);
        Assert.Contains(" …", chat.Requests[^1][^1].Text, StringComparison.Ordinal);

        await Assert.ThrowsAsync<ArgumentException>(() => answerer.AskAsync(string.Join(' ', Enumerable.Repeat("lava", 200)), new AnswerOptions { MaxPromptTokens = 150 }));
    }

    [Fact]
    public void Arguments_are_checked_before_the_stream_starts()
    {
        using var store = SqliteDocumentStore.Open(_temp.File("x.db"));
        var answerer = new DocumentAnswerer(new HybridRetriever(store));
        Assert.Throws<ArgumentException>(() => answerer.AskStreamingAsync("  "));
    }
}
