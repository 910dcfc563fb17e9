namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// stories260K is a real trained model: fluent greedy text and a low perplexity on story-like English
/// prove the inference path is numerically right (a position, mask or KV-cache bug makes both collapse).
/// </summary>
public sealed class Stories260KTests(ITestOutputHelper output) : IDisposable
{
    // Written for this test in the TinyStories style; not taken from the training data.
    internal const string Story =
        "Once upon a time, there was a little dog named Max. Max liked to run in the big green park with his friend Tom. " +
        "One day, Tom found a red ball under a tree. He threw the ball and Max ran very fast to get it. " +
        "Max was happy and wagged his tail. Then the sun went down, and they went home to eat and sleep.";

    private readonly LlamaModel _model = LlamaModel.Load(TestPaths.Stories260K);

    [Fact]
    public void Model_facts_match_the_file()
    {
        Assert.Equal(512, _model.VocabSize);
        Assert.Equal(64, _model.EmbeddingSize);
        Assert.Equal(5, _model.LayerCount);
        Assert.Equal(2048, _model.TrainContextLength);
        Assert.Equal(1, _model.BosToken);
        Assert.Equal(2, _model.EosToken);
        Assert.Null(_model.ChatTemplate);
    }

    [Fact]
    public void Greedy_continuation_of_once_upon_a_time_is_readable_english()
    {
        using var context = new LlamaContext(_model, new LlamaContextOptions { ContextSize = 256 });
        var continuation = _model.Detokenize(GreedyDecoding.Generate(context, _model.Tokenize("Once upon a time"), 48));
        output.WriteLine(continuation);

        var words = continuation.Split([' ', ',', '.', '\n', '!', '"'], StringSplitOptions.RemoveEmptyEntries);
        Assert.True(words.Length >= 20, $"too few words: '{continuation}'");
        string[] common = ["there", "was", "a", "little", "she", "he", "the", "to", "and", "one", "day", "play", "her", "his"];
        int known = words.Count(w => common.Contains(w.ToLowerInvariant()));
        Assert.True(known * 3 >= words.Length, $"not story English: '{continuation}'");
        Assert.StartsWith(", there was", continuation, StringComparison.Ordinal);
    }

    [Fact]
    public void Perplexity_of_a_story_is_far_below_the_same_tokens_scrambled()
    {
        using var context = new LlamaContext(_model, new LlamaContextOptions { ContextSize = 512 });
        var tokens = _model.Tokenize(Story);
        var scrambled = tokens.ToArray();
        new Random(20261121).Shuffle(scrambled.AsSpan(1)); // keep BOS first

        double story = GreedyDecoding.Perplexity(context, tokens);
        double shuffled = GreedyDecoding.Perplexity(context, scrambled);
        output.WriteLine($"{tokens.Length} tokens: perplexity {story:F2}, scrambled {shuffled:F2}");

        Assert.InRange(story, 1.0, 12.0);
        Assert.True(shuffled > 20 * story, $"scrambled {shuffled:F2} vs story {story:F2}");
    }

    [Fact]
    public void Decoding_in_several_batches_gives_the_same_logits_as_one_batch()
    {
        // Exercises the KV cache across llama_decode calls: positions and cache must line up exactly.
        var tokens = _model.Tokenize(Story);
        using var whole = new LlamaContext(_model, new LlamaContextOptions { ContextSize = 256, BatchSize = 256 });
        using var pieces = new LlamaContext(_model, new LlamaContextOptions { ContextSize = 256, BatchSize = 16 });
        whole.Decode(tokens, 0);
        pieces.Decode(tokens, 0);

        var a = whole.GetLogits().ToArray();
        var b = pieces.GetLogits().ToArray();
        Assert.Equal(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.True(Math.Abs(a[i] - b[i]) < 1e-3f, $"logit {i}: {a[i]} vs {b[i]}");
        }
    }

    public void Dispose() => _model.Dispose();
}
