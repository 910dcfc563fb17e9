using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Raw text completion (no chat template): continues a prompt greedily, streaming text as it is decoded.
/// The chat client is the main API; this one serves smoke tests, base models and the <c>kb model generate</c>
/// command. Not thread-safe: it owns one context; create one per concurrent caller.
/// </summary>
public sealed class LlamaCompletion : IDisposable
{
    private readonly LlamaContext _context;

    /// <summary>Creates a completion context over <paramref name="model"/>.</summary>
    /// <exception cref="LlamaException">The context could not be created.</exception>
    public LlamaCompletion(LlamaModel model, LlamaContextOptions? options = null)
    {
        _context = new LlamaContext(model, options);
    }

    /// <summary>Figures of the last completion.</summary>
    public LlamaCompletionStats? LastStats { get; private set; }

    /// <summary>Streams the greedy continuation of <paramref name="prompt"/>.</summary>
    /// <param name="prompt">The text to continue (BOS is added when the model asks for it).</param>
    /// <param name="maxTokens">Most tokens to generate.</param>
    /// <param name="cancellationToken">Stops generation between tokens.</param>
    /// <exception cref="LlamaException">The prompt does not fit the context (<see cref="LlamaStatus.ContextOverflow"/>), or decoding failed.</exception>
    public IAsyncEnumerable<string> CompleteStreamingAsync(string prompt, int maxTokens = 128, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfNegative(maxTokens);
        var tokens = _context.Model.Tokenize(prompt);
        if (tokens.Length >= _context.ContextSize)
        {
            throw new LlamaException(LlamaStatus.ContextOverflow,
                $"The prompt has {tokens.Length} tokens; the context holds {_context.ContextSize}.");
        }

        return Stream(tokens, maxTokens, cancellationToken);
    }

    private async IAsyncEnumerable<string> Stream(int[] prompt, int maxTokens, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        var clock = Stopwatch.StartNew();
        var promptTime = TimeSpan.Zero;

        // A token can end in the middle of a UTF-8 character: the decoder holds partial bytes back.
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[64];
        int generated = 0;
        foreach (var token in GreedyDecoding.Continue(_context, prompt, maxTokens))
        {
            if (generated++ == 0)
            {
                promptTime = clock.Elapsed; // the first token comes right after the prompt is processed
            }

            var bytes = _context.Model.TokenToBytes(token);
            if (chars.Length < bytes.Length + 4)
            {
                chars = new char[bytes.Length + 4]; // UTF-8 never gives more chars than bytes (+ held-back ones)
            }

            int count = decoder.GetChars(bytes, 0, bytes.Length, chars, 0, flush: false);
            if (count > 0)
            {
                yield return new string(chars, 0, count);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        int rest = decoder.GetChars([], 0, 0, chars, 0, flush: true);
        if (rest > 0)
        {
            yield return new string(chars, 0, rest); // an incomplete character at the end becomes U+FFFD
        }

        LastStats = new LlamaCompletionStats(prompt.Length, generated, promptTime, clock.Elapsed - promptTime);
    }

    /// <summary>Frees the context.</summary>
    public void Dispose() => _context.Dispose();
}
