using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LocalKernel.Agents;

// Running one round of calls: finding each tool, invoking it, turning outcomes into results the model reads.
public partial class FunctionInvokingChatClient
{
    /// <summary>
    /// Invokes the function of one call. Override to wrap invocation (approval, auditing, timeouts); the default calls
    /// <see cref="AIFunction.InvokeAsync"/>. An exception becomes an error result for the model.
    /// </summary>
    /// <returns>The result given to the model.</returns>
    protected virtual ValueTask<object?> InvokeFunctionAsync(FunctionInvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Function.InvokeAsync(context.Arguments, cancellationToken);
    }

    private async Task<Round> RunRoundAsync(List<ChatMessage> conversation, ChatOptions? options, List<FunctionCallContent> calls,
        int iteration, int consecutiveErrors, CancellationToken cancellationToken)
    {
        var messages = conversation.ToList(); // a snapshot: functions of this round all see the same conversation
        var outcomes = new Outcome?[calls.Count];
        if (AllowConcurrentInvocation && calls.Count > 1)
        {
            var tasks = calls.Select((call, i) => InvokeOneAsync(messages, options, call, iteration, i, calls.Count, cancellationToken));
            outcomes = await Task.WhenAll(tasks);
        }
        else
        {
            for (int i = 0; i < calls.Count; i++)
            {
                outcomes[i] = await InvokeOneAsync(messages, options, calls[i], iteration, i, calls.Count, cancellationToken);
                if (outcomes[i]!.Terminate)
                {
                    break; // the calls after one that ends the loop are not run
                }
            }
        }

        var done = outcomes.OfType<Outcome>().ToList();
        var failures = done.Select(o => o.Result.Exception).OfType<Exception>().ToList();
        if (failures.Count > 0)
        {
            if (++consecutiveErrors > MaximumConsecutiveErrorsPerRequest)
            {
                LogTooManyErrors(_logger, consecutiveErrors);
                if (failures.Count == 1)
                {
                    ExceptionDispatchInfo.Capture(failures[0]).Throw();
                }

                throw new AggregateException(failures);
            }
        }
        else
        {
            consecutiveErrors = 0;
        }

        var toolMessage = new ChatMessage(ChatRole.Tool, [.. done.Select(o => (AIContent)o.Result)]);
        return new Round(toolMessage, done.Any(o => o.Terminate), consecutiveErrors);
    }

    private async Task<Outcome> InvokeOneAsync(List<ChatMessage> messages, ChatOptions? options, FunctionCallContent call,
        int iteration, int index, int count, CancellationToken cancellationToken)
    {
        var function = FindFunction(options, call.Name);
        if (function is null)
        {
            LogUnknownFunction(_logger, call.Name);
            return new Outcome(new FunctionResultContent(call.CallId, $"Error: Requested function \"{call.Name}\" not found."), TerminateOnUnknownCalls);
        }

        var context = new FunctionInvocationContext
        {
            Function = function,
            Arguments = new AIFunctionArguments(call.Arguments) { Services = _services },
            CallContent = call,
            Messages = messages,
            Options = options,
            Iteration = iteration,
            FunctionCallIndex = index,
            FunctionCount = count,
        };

        LogInvoking(_logger, function.Name, call.CallId);
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            LogArguments(_logger, function.Name, JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions));
        }

        var previous = s_currentContext.Value;
        s_currentContext.Value = context;
        try
        {
            if (call.Exception is not null)
            {
                // The connector could not read the call's arguments: report it like a failing function.
                ExceptionDispatchInfo.Capture(call.Exception).Throw();
            }

            var result = await InvokeFunctionAsync(context, cancellationToken);
            if (_logger.IsEnabled(LogLevel.Trace))
            {
                LogResult(_logger, function.Name, JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions));
            }

            return new Outcome(new FunctionResultContent(call.CallId, result ?? "Success: Function completed."), context.Terminate);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(_logger, function.Name, e);
            var message = IncludeDetailedErrors ? $"Error: Function failed. Exception: {e.Message}" : "Error: Function failed.";
            return new Outcome(new FunctionResultContent(call.CallId, message) { Exception = e }, context.Terminate);
        }
        finally
        {
            s_currentContext.Value = previous;
        }
    }

    private AIFunction? FindFunction(ChatOptions? options, string name)
    {
        foreach (var tool in (options?.Tools ?? []).Concat(AdditionalTools ?? []))
        {
            if (tool is AIFunction function && string.Equals(function.Name, name, StringComparison.Ordinal))
            {
                return function;
            }
        }

        return null;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Invoking {Function} (call {CallId})")]
    private static partial void LogInvoking(ILogger logger, string function, string callId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Trace, Message = "{Function} arguments: {Arguments}")]
    private static partial void LogArguments(ILogger logger, string function, string arguments);

    [LoggerMessage(EventId = 3, Level = LogLevel.Trace, Message = "{Function} result: {Result}")]
    private static partial void LogResult(ILogger logger, string function, string result);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Function} failed")]
    private static partial void LogFailed(ILogger logger, string function, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "The model called {Function}, which is not among the tools")]
    private static partial void LogUnknownFunction(ILogger logger, string function);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "{Rounds} rounds in a row had a failing call: the failure is thrown")]
    private static partial void LogTooManyErrors(ILogger logger, int rounds);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "The model asked for tools after {Rounds} rounds: the response is returned with those calls not run")]
    private static partial void LogIterationLimit(ILogger logger, int rounds);

    private sealed record Outcome(FunctionResultContent Result, bool Terminate);

    private sealed record Round(ChatMessage ToolMessage, bool Terminate, int ConsecutiveErrors);
}
