using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalKernel.Rag;

/// <summary>
/// Answers questions from the documents of a store, citing them. Retrieves passages, keeps those above
/// the relevance thresholds, and then: with nothing relevant, says the documents don't contain the
/// answer without calling any model; with a chat client, streams the model's answer over a
/// token-budgeted prompt of numbered sources and removes any <c>[n]</c> that names no source; without
/// one, answers with the most relevant sentences and their sources.
/// </summary>
/// <remarks>Thread-safe when the retriever's store, the embedding generator and the chat client are.</remarks>
public sealed class DocumentAnswerer
{
    private readonly HybridRetriever _retriever;
    private readonly IChatClient? _chatClient;
    private readonly AnswerOptions _defaults;
    private readonly ILogger _logger;

    /// <summary>Creates an answerer.</summary>
    /// <param name="retriever">Finds the passages.</param>
    /// <param name="chatClient">Writes answers; null for extractive answers.</param>
    /// <param name="options">Default options of every question; null for the defaults.</param>
    /// <param name="logger">Receives diagnostics; questions and answers only at Trace.</param>
    public DocumentAnswerer(HybridRetriever retriever, IChatClient? chatClient = null, AnswerOptions? options = null, ILogger<DocumentAnswerer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        _retriever = retriever;
        _chatClient = chatClient;
        _defaults = options ?? AnswerOptions.Default;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Answers <paramref name="question"/>: the stream of <see cref="AskStreamingAsync"/>, collected.</summary>
    /// <exception cref="ArgumentException">The question is empty, or too long for <see cref="AnswerOptions.MaxPromptTokens"/>.</exception>
    public async Task<Answer> AskAsync(string question, AnswerOptions? options = null, CancellationToken cancellationToken = default)
    {
        Answer? answer = null;
        await foreach (var update in AskStreamingAsync(question, options, cancellationToken).ConfigureAwait(false))
        {
            answer = update.Answer ?? answer;
        }

        return answer ?? throw new InvalidOperationException("The answer stream ended without an answer.");
    }

    /// <summary>
    /// Answers <paramref name="question"/> as a stream: the numbered sources first, then the text as the
    /// model writes it (citations checked), then the complete <see cref="Answer"/>.
    /// </summary>
    /// <param name="question">The question.</param>
    /// <param name="options">Options for this question; null for those given to the constructor.</param>
    /// <param name="cancellationToken">Cancels retrieval and generation.</param>
    /// <exception cref="ArgumentException">The question is empty.</exception>
    public IAsyncEnumerable<AnswerUpdate> AskStreamingAsync(string question, AnswerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        return AskCoreAsync(question, options ?? _defaults, cancellationToken);
    }

    private async IAsyncEnumerable<AnswerUpdate> AskCoreAsync(string question, AnswerOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        AnsweringLog.Question(_logger, question);
        var (candidates, statistics, weighted) = await GatherAsync(question, options, cancellationToken).ConfigureAwait(false);
        var retrieved = candidates.Passages;
        var evidence = RelevanceJudge.Judge(candidates, weighted, statistics, options);
        var relevant = evidence.Relevant;
        if (relevant.Count == 0)
        {
            AnsweringLog.NothingRelevant(_logger, retrieved.Count, evidence.Relevance, options.MinRelevanceOrDefault);
            var text = options.NotFoundTextOrDefault;
            yield return new AnswerUpdate { Sources = [], Text = text };
            yield return Finish(new Answer { Text = text, Kind = AnswerKind.NotFound, Citations = [], Sources = [], Relevance = evidence.Relevance });
            yield break;
        }

        if (_chatClient is null)
        {
            var (extract, cited) = ExtractiveAnswer.Build(relevant, weighted, options.ExtractiveSentencesOrDefault);
            var answer = new Answer
            {
                Text = extract,
                Kind = AnswerKind.Extractive,
                Citations = cited.Select(n => Cite(n, relevant[n - 1], weighted, options)).ToList(),
                Sources = relevant,
                Relevance = evidence.Relevance,
            };
            yield return new AnswerUpdate { Sources = answer.Sources, Text = answer.Text };
            yield return Finish(answer);
            yield break;
        }

        var (messages, sources) = SourcePrompt.Build(question, relevant, options);
        yield return new AnswerUpdate { Sources = sources };

        var filter = new CitationFilter(sources.Count);
        var full = new StringBuilder();
        ChatFinishReason? finishReason = null;
        await foreach (var update in _chatClient.GetStreamingResponseAsync(messages, options.ChatOptions, cancellationToken).ConfigureAwait(false))
        {
            finishReason = update.FinishReason ?? finishReason;
            var shown = filter.Push(update.Text);
            if (shown.Length > 0)
            {
                full.Append(shown);
                yield return new AnswerUpdate { Text = shown };
            }
        }

        var rest = filter.Flush();
        if (rest.Length > 0)
        {
            full.Append(rest);
            yield return new AnswerUpdate { Text = rest };
        }

        foreach (var number in filter.Removed)
        {
            AnsweringLog.CitationRemoved(_logger, number, sources.Count);
        }

        yield return Finish(new Answer
        {
            Text = full.ToString().Trim(),
            Kind = AnswerKind.Generated,
            Citations = filter.Cited.Select(n => Cite(n, sources[n - 1], weighted, options)).ToList(),
            Sources = sources,
            Relevance = evidence.Relevance,
            RemovedCitations = filter.Removed,
            FinishReason = finishReason,
        });
    }

    /// <summary>What the relevance judge weighs: the retrieval with its candidate lists, and the question's terms as the store weighs them.</summary>
    internal async Task<(RetrievalCandidates Candidates, KeywordStatistics? Statistics, WeightedQuestion Question)> GatherAsync(string question, AnswerOptions options, CancellationToken cancellationToken)
    {
        var candidates = await _retriever.RetrieveWithCandidatesAsync(question, options.RetrievalOrDefault, cancellationToken).ConfigureAwait(false);
        var retrieved = candidates.Passages;
        var statistics = _retriever.Store is IKeywordStatistics keywordStatistics && retrieved.Count > 0
            ? await keywordStatistics.GetKeywordStatisticsAsync(question, retrieved.SelectMany(p => p.DocumentPassages).Select(p => p.ChunkKey).ToList(), cancellationToken).ConfigureAwait(false)
            : null;
        return (candidates, statistics, WeightedQuestion.From(question, statistics));
    }

    /// <summary>A citation of a source (a document): the snippet is the sentence of its passages that covers most of the question.</summary>
    private static Citation Cite(int number, RetrievedPassage source, WeightedQuestion question, AnswerOptions options) =>
        new(number, source, TextMatching.Snippet(string.Join("\n", source.DocumentPassages.Select(p => p.Text)), question, options.SnippetLengthOrDefault));

    private AnswerUpdate Finish(Answer answer)
    {
        AnsweringLog.Answered(_logger, answer.Kind, answer.Sources.Count, answer.Citations.Count);
        AnsweringLog.AnswerText(_logger, answer.Text);
        return new AnswerUpdate { Answer = answer };
    }
}
