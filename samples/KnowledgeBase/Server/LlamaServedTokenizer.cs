using System.Text;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Hosting.OpenAI;

namespace LocalKernel.Samples.KnowledgeBase.Server;

/// <summary>The chat model's own vocabulary behind <c>/tokenize</c> and <c>/detokenize</c>.</summary>
internal sealed class LlamaServedTokenizer(LlamaModel model) : IServedTokenizer
{
    public IReadOnlyList<int> Tokenize(string text, bool addSpecial) => model.Tokenize(text, addSpecial);

    public string Detokenize(IReadOnlyList<int> tokens)
    {
        Check(tokens);
        return model.Detokenize(tokens);
    }

    public string Piece(int token)
    {
        Check([token]);
        return Encoding.UTF8.GetString(model.TokenToBytes(token));
    }

    private void Check(IReadOnlyList<int> tokens)
    {
        foreach (var token in tokens)
        {
            if (token < 0 || token >= model.VocabSize)
            {
                throw new ArgumentException($"Token {token} is outside the vocabulary (0 to {model.VocabSize - 1}).");
            }
        }
    }
}
