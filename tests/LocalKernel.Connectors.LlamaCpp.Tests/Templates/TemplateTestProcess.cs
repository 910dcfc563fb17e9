using System.Diagnostics;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>Runs a process to completion with a time limit, feeding stdin and collecting stdout and stderr.</summary>
internal static class TemplateTestProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        string? stdin,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException($"'{fileName}' is needed by this test and could not be started: {error.Message}", error);
        }

        using var process = started ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish within {timeout}.");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
