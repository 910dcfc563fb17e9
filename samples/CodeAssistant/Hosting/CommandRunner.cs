using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Rag.Code;

namespace LocalKernel.Samples.CodeAssistant.Hosting;

/// <summary>Runs a command's body and turns every failure into one line on stderr and an exit code, never a stack trace.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(Func<Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body();
        }
        catch (CodeAssistantException e)
        {
            await Console.Error.WriteLineAsync($"code: {e.Message}");
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("code: cancelled.");
            return 130;
        }
        catch (GgufFormatException e)
        {
            await Console.Error.WriteLineAsync($"code: the model is not a valid GGUF file: {e.Message}");
            return 2;
        }
        catch (LlamaException e)
        {
            await Console.Error.WriteLineAsync($"code: {e.Message}");
            return e.Status == LlamaStatus.InsufficientMemory ? 3 : 2;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or RepositoryAccessException or DirectoryNotFoundException)
        {
            await Console.Error.WriteLineAsync($"code: {e.Message}");
            return 1;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"code: unexpected {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
