namespace LocalKernel.Samples.KnowledgeBase.Hosting;

/// <summary>
/// A failure the user is told about in one line, with the exit code to end with. Commands throw it instead of
/// printing and returning, so that every failure reaches the user the same way and never as a stack trace.
/// </summary>
internal sealed class KbException(string message, int exitCode = ExitCodes.Failure, Exception? innerException = null)
    : Exception(message, innerException)
{
    public int ExitCode { get; } = exitCode;
}
