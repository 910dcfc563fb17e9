namespace LocalKernel.Samples.CodeAssistant.Hosting;

/// <summary>A failure the user can act on: printed as one line on stderr with its exit code.</summary>
internal sealed class CodeAssistantException(string message, int exitCode = 1, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
