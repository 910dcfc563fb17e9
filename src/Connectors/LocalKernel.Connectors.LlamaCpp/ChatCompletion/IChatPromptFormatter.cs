using Microsoft.Extensions.AI;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Renders a conversation into the prompt text the model was trained on.</summary>
internal interface IChatPromptFormatter
{
    /// <summary>The prompt for <paramref name="messages"/>, ending with the assistant's turn opener.</summary>
    /// <exception cref="ArgumentException">A message cannot be rendered (e.g. a role the template refuses).</exception>
    string Format(IReadOnlyList<ChatMessage> messages, ChatOptions? options);
}
