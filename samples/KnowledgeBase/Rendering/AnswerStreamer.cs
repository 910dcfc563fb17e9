using LocalKernel.Rag;

namespace LocalKernel.Samples.KnowledgeBase.Rendering;

/// <summary>Asks a question and writes the answer as it streams, then the sources it cites.</summary>
internal static class AnswerStreamer
{
    /// <summary>What <c>kb</c> says when retrieval finds nothing relevant (the answerer then calls no model).</summary>
    public const string NotFoundText = "That is not in the documents: nothing relevant to the question was found.";

    public static AnswerOptions Options(int top, double? minRelevance = null) => new()
    {
        NotFoundText = NotFoundText,
        Retrieval = new RetrievalOptions { Top = top },
        MinRelevance = minRelevance,
    };

    public static async Task<Answer> AskAsync(DocumentAnswerer answerer, string question, AnswerOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        Answer? answer = null;
        await foreach (var update in answerer.AskStreamingAsync(question, options, cancellationToken))
        {
            if (update.Text.Length > 0)
            {
                output.Write(update.Text);
                await output.FlushAsync(cancellationToken);
            }

            answer = update.Answer ?? answer;
        }

        output.WriteLine();
        if (answer is null)
        {
            throw new InvalidOperationException("The answerer ended without an answer.");
        }

        SourceFormatter.WriteCitations(output, answer);
        return answer;
    }
}
