using System.Diagnostics;
using System.Text;

namespace LocalKernel.Packaging.Tests;

/// <summary>Runs a child process (dotnet itself, or a published application) and captures its output.</summary>
internal static class DotnetCli
{
    /// <summary>Long enough for a cold restore and a Release build on a loaded 2-core CI machine.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(8);

    /// <summary>Runs <c>dotnet</c> with <paramref name="args"/>; throws with the whole output when it fails.</summary>
    public static string Dotnet(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Run("dotnet", workingDirectory, environment, args);

    /// <summary>Runs <paramref name="program"/>; throws with the whole output when it exits non-zero or hangs.</summary>
    public static string Run(string program, string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // `dotnet test` hands its MSBuild settings to the test host; a nested build must not inherit them, or it
        // would build with the outer build's SDK paths and node reuse instead of as a fresh command line would.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("DOTNET_HOST_PATH", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove(LocalKernelLibDir);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var lockObject = new object();
        process.OutputDataReceived += (_, e) => { lock (lockObject) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (lockObject) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {Limit}:\n{output}");
        }

        process.WaitForExit();
        return process.ExitCode == 0
            ? output.ToString()
            : throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {process.ExitCode}:\n{output}");
    }

    /// <summary>The loader's override; the consumer must find the natives of its backend package on its own.</summary>
    private const string LocalKernelLibDir = "LOCALKERNEL_LLAMA_LIB_DIR";
}
