using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Rag;

namespace LocalKernel.Samples.KnowledgeBase.Hosting;

/// <summary>Counts tokens with a model's own tokenizer, so chunks are measured as the embedding model will see them.</summary>
internal sealed class ModelTokenCounter(LlamaModel model) : ITokenCounter
{
    // No BOS/EOS: they are added once per input by the embedding generator, not once per piece of text counted.
    public int CountTokens(string text) => model.Tokenize(text, addSpecial: false).Length;
}
