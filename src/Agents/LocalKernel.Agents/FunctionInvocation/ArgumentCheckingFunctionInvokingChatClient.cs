using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LocalKernel.Agents;

/// <summary>
/// Microsoft.Extensions.AI's <see cref="FunctionInvokingChatClient"/> (its loop, limits, approvals, telemetry and
/// defaults unchanged) with one rule added: a call whose arguments the connector could not read
/// (<see cref="FunctionCallContent.Exception"/> set) is not invoked. The model gets an error result that says what was
/// wrong and asks for the call again, whatever <see cref="FunctionInvokingChatClient.IncludeDetailedErrors"/> says
/// (the message is about the model's own output, not about the function); the round counts as failing for
/// <see cref="FunctionInvokingChatClient.MaximumConsecutiveErrorsPerRequest"/>.
/// </summary>
/// <remarks>
/// Microsoft.Extensions.AI's own loop invokes such a call anyway, with whatever arguments were read, so a function
/// would run with parameters missing or defaulted. Thread-safety and settings are those of the base class.
/// </remarks>
public class ArgumentCheckingFunctionInvokingChatClient : FunctionInvokingChatClient
{
    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    /// <param name="innerClient">The client that talks to the model.</param>
    /// <param name="loggerFactory">Logs each invocation (see the base class).</param>
    /// <param name="functionInvocationServices">Passed to functions as <see cref="AIFunctionArguments.Services"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerClient"/> is null.</exception>
    public ArgumentCheckingFunctionInvokingChatClient(IChatClient innerClient, ILoggerFactory? loggerFactory = null, IServiceProvider? functionInvocationServices = null)
        : base(innerClient, loggerFactory, functionInvocationServices)
    {
    }

    /// <inheritdoc />
    /// <exception cref="ToolCallArgumentsException">The call's arguments could not be read; the function is not invoked.</exception>
    protected override ValueTask<object?> InvokeFunctionAsync(FunctionInvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.CallContent.Exception is { } unreadable)
        {
            throw new ToolCallArgumentsException(context.CallContent.Name, unreadable);
        }

        return base.InvokeFunctionAsync(context, cancellationToken);
    }

    /// <inheritdoc />
    protected override IList<ChatMessage> CreateResponseMessages(ReadOnlySpan<FunctionInvocationResult> results)
    {
        var messages = base.CreateResponseMessages(results);
        foreach (var result in messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>())
        {
            if (result.Exception is ToolCallArgumentsException unreadable)
            {
                result.Result = $"Error: {unreadable.Message}";
            }
        }

        return messages;
    }
}
