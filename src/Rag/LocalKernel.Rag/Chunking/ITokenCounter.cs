namespace LocalKernel.Rag;

/// <summary>Counts tokens the way the embedding model will, so chunks fit its context. The connector's
/// model provides one; <see cref="ApproximateTokenCounter"/> serves when no model is configured.</summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface ITokenCounter
{
    /// <summary>Tokens of <paramref name="text"/>.</summary>
    int CountTokens(string text);
}
