namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>The grammar tests share one model and context, one test at a time.</summary>
[CollectionDefinition(Name)]
public sealed class GrammarModelCollection : ICollectionFixture<GrammarModelFixture>
{
    public const string Name = "grammar model";
}

/// <summary>
/// The tiny random-weight test model and one context, shared by a test class: grammars are checked by llama.cpp's
/// own parser (a sampler is created or not) and by generating with them.
/// </summary>
public sealed class GrammarModelFixture : IDisposable
{
    public GrammarModelFixture()
    {
        Model = LlamaModel.Load(TestModelGenerator.GetOrCreate(TestModelSpec.Tiny));
        // One thread: the model is tiny, and two spinning decode threads per test class starve each other when xunit
        // runs classes in parallel on a 2-core machine.
        Context = new LlamaContext(Model, new LlamaContextOptions { ContextSize = 512 + 16, Threads = 1 });
        Prompt = Model.Tokenize("json:");
    }

    internal LlamaModel Model { get; }

    internal LlamaContext Context { get; }

    internal int[] Prompt { get; }

    /// <summary>True when llama.cpp's grammar parser accepts <paramref name="gbnf"/> (llama_sampler_init_grammar is not null).</summary>
    internal bool Parses(string gbnf)
    {
        var sampler = NativeMethods.llama_sampler_init_grammar(Model.Vocab, gbnf, "root");
        if (sampler == IntPtr.Zero)
        {
            return false;
        }

        NativeMethods.llama_sampler_free(sampler);
        return true;
    }

    /// <summary>Generates with the grammar forcing the output (temperature 0.8, the given seed) up to <paramref name="maxTokens"/>.</summary>
    internal SampledText Generate(string gbnf, uint seed, int maxTokens = 512)
    {
        using var sampler = new SamplingParameters { Grammar = gbnf, Temperature = 0.8f, Seed = seed }.CreateSampler(Model);
        return SampledDecoding.Generate(Context, Prompt, sampler, maxTokens);
    }

    public void Dispose()
    {
        Context.Dispose();
        Model.Dispose();
    }
}
