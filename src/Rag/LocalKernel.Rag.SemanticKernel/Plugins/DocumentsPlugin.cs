using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace LocalKernel.Rag.SemanticKernel;

/// <summary>
/// A Semantic Kernel plugin over LocalKernel's RAG layer: <c>search</c> returns the best passages of the ingested
/// documents and <c>ask</c> answers a question from them, each passage with its citation (file, page or lines,
/// headings). Add it with <c>kernel.Plugins.AddFromObject(new DocumentsPlugin(retriever, answerer), "documents")</c>.
/// </summary>
/// <remarks>Thread-safe when the retriever and answerer are.</remarks>
public sealed class DocumentsPlugin
{
    private readonly HybridRetriever _retriever;
    private readonly DocumentAnswerer? _answerer;

    /// <summary>Creates the plugin.</summary>
    /// <param name="retriever">Finds passages (hybrid, or BM25 alone without embeddings).</param>
    /// <param name="answerer">Answers questions; null to answer with the retriever's passages only (extractive).</param>
    /// <exception cref="ArgumentNullException"><paramref name="retriever"/> is null.</exception>
    public DocumentsPlugin(HybridRetriever retriever, DocumentAnswerer? answerer = null)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        _retriever = retriever;
        _answerer = answerer ?? new DocumentAnswerer(retriever);
    }

    /// <summary>The passages that best match <paramref name="query"/>, best first, with their citations.</summary>
    [KernelFunction("search"), Description("Searches the user's documents; returns passages with their source file, page or lines, and headings.")]
    public async Task<IReadOnlyList<CitedPassage>> SearchAsync(
        [Description("What to look for")] string query,
        [Description("How many passages, 1 to 20")] int top = 5,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var passages = await _retriever.RetrieveAsync(query, new RetrievalOptions { Top = Math.Clamp(top, 1, 20) }, cancellationToken).ConfigureAwait(false);
        return passages.Select((p, i) => CitedPassage.From(p, i + 1)).ToList();
    }

    /// <summary>Answers <paramref name="question"/> from the documents, citing the passages used.</summary>
    [KernelFunction("ask"), Description("Answers a question from the user's documents; the answer cites its sources as [n].")]
    public async Task<CitedAnswer> AskAsync([Description("The question")] string question, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        var answer = await _answerer!.AskAsync(question, cancellationToken: cancellationToken).ConfigureAwait(false);
        var sources = answer.Citations.Select(c => CitedPassage.From(c.Passage, c.Number)).ToList();
        return new CitedAnswer(answer.Text, answer.Kind != AnswerKind.NotFound, sources);
    }
}
