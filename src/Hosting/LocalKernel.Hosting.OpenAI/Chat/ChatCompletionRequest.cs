using Microsoft.Extensions.AI;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>A parsed <c>/v1/chat/completions</c> request, in Microsoft.Extensions.AI terms.</summary>
internal sealed class ChatCompletionRequest
{
    public required string Model { get; init; }

    public required List<ChatMessage> Messages { get; init; }

    public required ChatOptions Options { get; init; }

    public bool Stream { get; init; }

    public bool IncludeUsage { get; init; }
}
