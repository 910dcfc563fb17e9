using Microsoft.Extensions.AI;

namespace LocalKernel.Rag;

/// <summary>The answer to a question over the documents, with the sources it cites.</summary>
public sealed class Answer
{
    /// <summary>The answer text; every <c>[n]</c> in it refers to an entry of <see cref="Citations"/>.</summary>
    public required string Text { get; init; }

    /// <summary>How the answer was produced.</summary>
    public required AnswerKind Kind { get; init; }

    /// <summary>The sources the text cites, in order of first citation.</summary>
    public required IReadOnlyList<Citation> Citations { get; init; }

    /// <summary>All sources put before the model, numbered from 1 in this order, one per document (see
    /// <see cref="RetrievalOptions.OnePerDocument"/>); empty for <see cref="AnswerKind.NotFound"/>.</summary>
    public required IReadOnlyList<RetrievedPassage> Sources { get; init; }

    /// <summary>Source numbers the model cited that did not exist; they were removed from <see cref="Text"/>.</summary>
    public IReadOnlyList<int> RemovedCitations { get; init; } = [];

    /// <summary>True when the answer is that the documents don't contain it (<see cref="AnswerKind.NotFound"/>).</summary>
    public bool Abstained => Kind == AnswerKind.NotFound;

    /// <summary>
    /// The evidence the decision to answer rests on, 0..1: the best source's relevance score (see
    /// <see cref="AnswerOptions.MinRelevance"/>; 0.5 is the calibrated default threshold).
    /// </summary>
    public double Relevance { get; init; }

    /// <summary>Why the model stopped, when it said.</summary>
    public ChatFinishReason? FinishReason { get; init; }
}
