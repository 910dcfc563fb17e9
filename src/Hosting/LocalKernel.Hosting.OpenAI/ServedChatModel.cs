using Microsoft.Extensions.AI;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>A chat model the endpoints serve.</summary>
/// <param name="Id">The id clients use.</param>
/// <param name="Client">The chat client.</param>
/// <param name="Tokenizer">Its tokenizer, when it has one.</param>
/// <param name="OwnedBy">The <c>owned_by</c> of <c>/v1/models</c>.</param>
public sealed record ServedChatModel(string Id, IChatClient Client, IServedTokenizer? Tokenizer, string OwnedBy);
