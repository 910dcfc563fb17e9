using System.Runtime.CompilerServices;
using System.Text;
using LocalKernel.Rag;
using LocalKernel.Samples.KnowledgeBase.Rendering;
using Microsoft.Extensions.AI;

namespace LocalKernel.Samples.KnowledgeBase.Server;

/// <summary>
/// The knowledge base as a chat model (served as <c>kb</c>), for front-ends that only speak
/// <c>/v1/chat/completions</c>: the last user message is the question, the answer streams with its <c>[n]</c> citations,
/// and a "Sources" list closes it, since such front-ends show only the text. Being an <see cref="IChatClient"/>, it is
/// served by the same OpenAI endpoints as the model itself, with the same queue, limits and streaming.
/// </summary>
internal sealed class KnowledgeBaseChatClient(KbService kb) : IChatClient
{
    public const string ModelId = "kb";

    private readonly ChatClientMetadata _metadata = new("localkernel-kb", defaultModelId: ModelId);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var question = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text;
        if (string.IsNullOrWhiteSpace(question))
        {
            throw new ArgumentException("The kb model answers the last user message, and there is none with text.");
        }

        if (options?.Tools is { Count: > 0 } && options.ToolMode is not NoneChatToolMode || options?.ResponseFormat is ChatResponseFormatJson)
        {
            throw new ArgumentException("The kb model answers from the documents in text: it takes no tools and no JSON response format.");
        }

        var answerOptions = KbService.AnswerOptions(AskEndpoints.DefaultTop);
        answerOptions.ChatOptions = new ChatOptions
        {
            MaxOutputTokens = options?.MaxOutputTokens,
            Temperature = options?.Temperature,
            TopP = options?.TopP,
            Seed = options?.Seed,
            StopSequences = options?.StopSequences,
        };
        return StreamAsync(question, answerOptions, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(string question, AnswerOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var id = "kb-" + Guid.NewGuid().ToString("N");
        Answer? answer = null;
        await foreach (var update in kb.Answerer.AskStreamingAsync(question, options, cancellationToken))
        {
            answer = update.Answer ?? answer;
            if (update.Text.Length > 0)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, update.Text) { ResponseId = id, ModelId = ModelId };
            }
        }

        if (answer is not null && SourcesText(answer) is { Length: > 0 } sources)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, sources) { ResponseId = id, ModelId = ModelId };
        }

        yield return new ChatResponseUpdate { Role = ChatRole.Assistant, ResponseId = id, ModelId = ModelId, FinishReason = answer?.FinishReason ?? ChatFinishReason.Stop };
    }

    private static string SourcesText(Answer answer)
    {
        var text = new StringBuilder();
        if (answer.Citations.Count > 0)
        {
            text.Append("\n\nSources:");
            foreach (var citation in answer.Citations)
            {
                text.Append($"\n[{citation.Number}] {SourceFormatter.Where(citation.Passage)}");
            }
        }
        else if (answer.Sources.Count > 0)
        {
            text.Append("\n\nSources given to the model (the answer cites none of them):");
            for (int i = 0; i < answer.Sources.Count; i++)
            {
                text.Append($"\n[{i + 1}] {SourceFormatter.Where(answer.Sources[i])}");
            }
        }

        return text.ToString();
    }
}
