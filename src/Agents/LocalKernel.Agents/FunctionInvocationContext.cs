using Microsoft.Extensions.AI;

namespace LocalKernel.Agents;

/// <summary>
/// One function call being run by <see cref="FunctionInvokingChatClient"/>: what is called, with which arguments, in
/// which round of the conversation. Available to the function itself through
/// <see cref="FunctionInvokingChatClient.CurrentContext"/>, and to overrides of
/// <see cref="FunctionInvokingChatClient.InvokeFunctionAsync"/>.
/// </summary>
public sealed class FunctionInvocationContext
{
    /// <summary>The function called.</summary>
    public required AIFunction Function { get; init; }

    /// <summary>The arguments the model gave, as the function receives them.</summary>
    public required AIFunctionArguments Arguments { get; init; }

    /// <summary>The model's call.</summary>
    public required FunctionCallContent CallContent { get; init; }

    /// <summary>The conversation so far, the model's call included (not its result).</summary>
    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    /// <summary>The options of the request, or null.</summary>
    public ChatOptions? Options { get; init; }

    /// <summary>Which round of calls this is, from 0.</summary>
    public int Iteration { get; init; }

    /// <summary>The index of this call among the calls of its round.</summary>
    public int FunctionCallIndex { get; init; }

    /// <summary>How many calls the model made in this round.</summary>
    public int FunctionCount { get; init; }

    /// <summary>
    /// Set to true to end the loop after this round: the results are added to the response, and the model is not
    /// asked again. When calls run one after another, the calls after this one are not run.
    /// </summary>
    public bool Terminate { get; set; }
}
