namespace LocalKernel.Samples.KnowledgeBase.Hosting;

/// <summary>
/// Runs a command's body and turns every failure into one line on stderr and a non-zero exit code: users of a
/// command-line tool need the reason, not a stack trace.
/// </summary>
internal static class CommandRunner
{
    public const int CancelledExitCode = 130;

    public static async Task<int> RunAsync(Func<Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body();
        }
        catch (KbException e)
        {
            await Console.Error.WriteLineAsync($"kb: {e.Message}");
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("kb: cancelled.");
            return CancelledExitCode;
        }
        catch (ArgumentException e)
        {
            // Input the libraries refuse (an over-long question, a template that rejects the conversation): the message says why.
            await Console.Error.WriteLineAsync($"kb: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            // Unexpected, so name the type: it is what a bug report needs when there is no trace.
            await Console.Error.WriteLineAsync($"kb: unexpected {e.GetType().Name}: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
