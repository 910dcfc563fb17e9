using System.Text.Json.Serialization;

namespace LocalKernel.Rag;

/// <summary>
/// An <see cref="Answer"/> as tools read it (<c>kb ask --json</c>, and a server's answer body). The JSON names are
/// stable: <c>answer</c>, <c>abstained</c>, <c>kind</c>, <c>relevance</c>, <c>sources</c>.
/// </summary>
public sealed record AnswerOutput
{
    /// <summary>The answer text; every <c>[n]</c> in it is the source with that number.</summary>
    [JsonPropertyName("answer")]
    public required string Answer { get; init; }

    /// <summary>True when the answer is that the documents don't contain it.</summary>
    [JsonPropertyName("abstained")]
    public required bool Abstained { get; init; }

    /// <summary>"generated", "extractive" or "notFound".</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary>The evidence the decision to answer rests on (<see cref="Rag.Answer.Relevance"/>), 0..1.</summary>
    [JsonPropertyName("relevance")]
    public required double Relevance { get; init; }

    /// <summary>The cited sources in order of first citation; when the text cites none, every source it was given.</summary>
    [JsonPropertyName("sources")]
    public required IReadOnlyList<SourceOutput> Sources { get; init; }

    /// <summary>The output shape of <paramref name="answer"/>.</summary>
    public static AnswerOutput From(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var sources = answer.Citations.Count > 0
            ? answer.Citations.Select(SourceOutput.From).ToList()
            : answer.Sources.Select((p, i) => SourceOutput.From(i + 1, p, Snippet(p))).ToList();
        return new AnswerOutput
        {
            Answer = answer.Text,
            Abstained = answer.Abstained,
            Kind = answer.Kind switch
            {
                AnswerKind.Generated => "generated",
                AnswerKind.Extractive => "extractive",
                _ => "notFound",
            },
            Relevance = Math.Round(answer.Relevance, 4),
            Sources = sources,
        };
    }

    private static string Snippet(RetrievedPassage passage)
    {
        var line = string.Join(' ', passage.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= 240 ? line : line[..239] + "…";
    }
}
