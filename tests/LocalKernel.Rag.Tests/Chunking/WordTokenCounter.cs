namespace LocalKernel.Rag.Tests;

/// <summary>One token per whitespace-separated word: a stand-in for the embedding model's tokenizer (the true
/// external boundary) that makes token budgets easy to reason about in tests.</summary>
internal sealed class WordTokenCounter : ITokenCounter
{
    public static WordTokenCounter Instance { get; } = new();

    public int CountTokens(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}
