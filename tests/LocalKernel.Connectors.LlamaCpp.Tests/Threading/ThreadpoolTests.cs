namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>Decodes on LocalKernel's persistent threadpools compute exactly what ggml's per-graph threads compute.</summary>
public class ThreadpoolTests
{
    [Fact]
    public void Greedy_text_is_the_same_with_and_without_the_threadpool_and_with_any_thread_count()
    {
        using var model = LlamaModel.Load(TestPaths.Stories260K);
        int[] prompt = [model.BosToken, .. model.Tokenize("Once upon a time", addSpecial: false, parseSpecial: false)];

        int[] Generate(LlamaContextOptions options)
        {
            options.ContextSize = 128;
            using var context = new LlamaContext(model, options);
            return GreedyDecoding.Continue(context, prompt, 24).ToArray();
        }

        var reference = Generate(new LlamaContextOptions { Threads = 1, UseThreadpool = false });
        Assert.True(reference.Length >= 8);
        Assert.Equal(reference, Generate(new LlamaContextOptions { Threads = 1 }));
        Assert.Equal(reference, Generate(new LlamaContextOptions { Threads = 2 }));
        Assert.Equal(reference, Generate(new LlamaContextOptions { Threads = 2, ThreadpoolPoll = 50 }));
        Assert.Equal(reference, Generate(new LlamaContextOptions()));
    }

    [Fact]
    public void A_threadpool_outlives_a_context_disposed_in_any_order()
    {
        using var model = LlamaModel.Load(TestPaths.Stories260K);
        var pool = SafeGgmlThreadpoolHandle.Create(2);
        var context = new LlamaContext(model, new LlamaContextOptions { ContextSize = 64, Threads = 2, UseThreadpool = false });
        context.Handle.AttachThreadpool(pool);
        pool.Dispose(); // the context still holds a reference: the native pool must stay alive for its decodes
        context.Decode([model.BosToken, 5, 6], 0);
        Assert.Equal(model.VocabSize, context.GetLogits().Length);
        context.Dispose();
    }

    [Fact]
    public void A_threadpool_needs_at_least_one_thread() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SafeGgmlThreadpoolHandle.Create(0));
}
