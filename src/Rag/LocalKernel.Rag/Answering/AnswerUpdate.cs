namespace LocalKernel.Rag;

/// <summary>
/// One step of a streamed answer. The first update carries <see cref="Sources"/>, later ones carry text,
/// and the last one carries the complete <see cref="Answer"/>.
/// </summary>
public sealed class AnswerUpdate
{
    /// <summary>Text to append to what was shown so far (citations already checked); empty when none.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>The numbered sources, on the first update; null otherwise.</summary>
    public IReadOnlyList<RetrievedPassage>? Sources { get; init; }

    /// <summary>The finished answer, on the last update; null otherwise.</summary>
    public Answer? Answer { get; init; }
}
