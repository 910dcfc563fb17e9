using System.Text.Json.Serialization;

namespace LocalKernel.Rag.Code;

/// <summary>An answer about the repository and the places it rests on (each checked against the files).</summary>
/// <param name="Text">The answer: the model's, or without a model the most relevant code spans with their locations.</param>
/// <param name="Citations">Where the answer points; only citations that exist in the files.</param>
public sealed record CodeAnswer(
    [property: JsonPropertyName("answer")] string Text,
    [property: JsonPropertyName("citations")] IReadOnlyList<CodeCitation> Citations)
{
    /// <summary>The passages retrieved for the question (not serialized).</summary>
    [JsonIgnore]
    public IReadOnlyList<CodePassage> Passages { get; init; } = [];

    /// <summary>Citations the model wrote that do not exist in the files and were dropped (not serialized).</summary>
    [JsonIgnore]
    public IReadOnlyList<CodeCitation> DroppedCitations { get; init; } = [];
}
