using Microsoft.Extensions.AI;

namespace LocalKernel.Rag;

/// <summary>How a <see cref="DocumentAnswerer"/> answers. Null properties mean "use the default".</summary>
public sealed class AnswerOptions
{
    /// <summary>Most tokens of the prompt (instructions, sources and question). Sources are added best first
    /// while they fit. Default 3,072: room for about six chunks and an answer in a 4k context.</summary>
    public int? MaxPromptTokens { get; set; }

    /// <summary>Counts prompt tokens; give the chat model's own counter for an exact budget. Default <see cref="ApproximateTokenCounter"/>.</summary>
    public ITokenCounter? TokenCounter { get; set; }

    /// <summary>How to retrieve; its <see cref="RetrievalOptions.Top"/> is how many sources are considered. Default: hybrid, top 6.</summary>
    public RetrievalOptions? Retrieval { get; set; }

    /// <summary>
    /// Optional: a source whose best passage has at least this cosine similarity to the question counts as relevant
    /// whatever its <see cref="MinRelevance"/> score. Default null (off): the cosine is one of the features the relevance
    /// score weighs, because on same-domain documents an unrelated passage easily reaches 0.35–0.5 (compact models such
    /// as MiniLM) or more (BGE), so no fixed cosine separates "related" from "answers".
    /// </summary>
    public double? MinVectorSimilarity { get; set; }

    /// <summary>A passage found by keyword search counts only above this BM25 score. Default 0: any
    /// match of a non-trivial query word (<see cref="MinRelevance"/> then decides).</summary>
    public double? MinKeywordScore { get; set; }

    /// <summary>
    /// The abstention rule: a source counts as relevant when its relevance score, 0..1, reaches this value; when no
    /// source does, the answer is <see cref="NotFoundText"/> and no model is called. The score is a logistic model of the
    /// source's evidence: above all its coverage — the share of the question's words (function words dropped, stemmed),
    /// weighted by inverse document frequency, that its passages hold, so rare words weigh most and a word found in no
    /// document weighs the most of all — and, with vector search, its cosine similarity, how far that stands above the
    /// other candidates, and its rank in each retriever. Default 0.5: the model is calibrated so that 0.5 keeps false
    /// abstention at or under 10 % on BEIR SciFact's train claims (keyword only, 0.5 means a coverage of 0.4). Higher
    /// abstains more often; see the README for the rates.
    /// </summary>
    public double? MinRelevance { get; set; }

    /// <summary>The answer when nothing relevant is found. Default "The documents don't contain an answer to this question."</summary>
    public string? NotFoundText { get; set; }

    /// <summary>The instructions given to the model as its system message. Default: answer only from the sources and cite them as [n].</summary>
    public string? Instructions { get; set; }

    /// <summary>Options passed to the chat client (temperature, max output tokens, …); null for the client's defaults.</summary>
    public ChatOptions? ChatOptions { get; set; }

    /// <summary>Sentences in an extractive answer (no chat client). Default 3.</summary>
    public int? ExtractiveSentences { get; set; }

    /// <summary>Longest snippet of a citation, in characters. Default 240.</summary>
    public int? SnippetLength { get; set; }

    /// <summary>Default options.</summary>
    public static AnswerOptions Default { get; } = new();

    internal const string DefaultInstructions =
        "You answer questions using only the numbered sources given with the question. "
        + "After each statement, cite the sources it comes from by their numbers in square brackets, like [1] or [2][3]. "
        + "If the sources do not contain the answer, say that the documents do not contain it. "
        + "Do not use outside knowledge and do not cite numbers that are not listed.";

    internal int MaxPromptTokensOrDefault => MaxPromptTokens ?? 3072;

    internal ITokenCounter TokenCounterOrDefault => TokenCounter ?? ApproximateTokenCounter.Instance;

    internal RetrievalOptions RetrievalOrDefault => Retrieval ?? new RetrievalOptions { Top = 6 };

    internal double MinKeywordScoreOrDefault => MinKeywordScore ?? 0;

    internal double MinRelevanceOrDefault => MinRelevance ?? DefaultMinRelevance;

    /// <summary>The default of <see cref="MinRelevance"/>.</summary>
    public const double DefaultMinRelevance = 0.5;

    internal string NotFoundTextOrDefault => NotFoundText ?? "The documents don't contain an answer to this question.";

    internal string InstructionsOrDefault => Instructions ?? DefaultInstructions;

    internal int ExtractiveSentencesOrDefault => Math.Max(1, ExtractiveSentences ?? 3);

    internal int SnippetLengthOrDefault => Math.Max(40, SnippetLength ?? 240);
}
