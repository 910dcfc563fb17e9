using System.Diagnostics;
using System.Text.Json;

namespace LocalKernel.KnowledgeBase.Server.Tests;

/// <summary>
/// The <c>openai</c> npm package (the TypeScript SDK) as a second client: chat, streaming with usage, embeddings (it
/// asks for base64 and decodes it), the model list and a 404. Installed at test time into the ignored
/// <c>.cache/openai-npm</c> folder of the clone; never a dependency of the project.
/// </summary>
[Collection(KbServerCollection.Name)]
public sealed class NpmOpenAIClientTests(KbServerFixture server)
{
    private const string Package = "openai@7.55.0";

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static async Task<string> InstallAsync()
    {
        var folder = Path.Combine(TestPaths.RepositoryRoot, ".cache", "openai-npm");
        if (!File.Exists(Path.Combine(folder, "node_modules", "openai", "package.json")))
        {
            Directory.CreateDirectory(folder);
            var install = await RunAsync("npm", folder, "install", "--prefix", folder, "--no-audit", "--no-fund", "--no-save", Package);
            Assert.True(install.ExitCode == 0, $"npm install {Package} failed: {install.Stderr}");
        }

        // ES modules resolve packages from the script's own folder, so the script runs from beside node_modules.
        var script = Path.Combine(folder, "openai-client.mjs");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "openai-client.mjs"), script, overwrite: true);
        return script;
    }

    [Fact(Timeout = 600_000)]
    public async Task The_openai_npm_package_chats_streams_embeds_and_lists_models()
    {
        var script = await InstallAsync();

        var run = await RunAsync("node", Path.GetDirectoryName(script)!, script, new Uri(server.Url, "/v1").ToString(), server.ModelId);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var seen = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.False(string.IsNullOrEmpty(seen.GetProperty("text").GetString()));
        Assert.Equal("length", seen.GetProperty("finish").GetString());
        Assert.Equal(6, seen.GetProperty("completionTokens").GetInt32());
        Assert.False(string.IsNullOrEmpty(seen.GetProperty("streamed").GetString()));
        Assert.Equal("length", seen.GetProperty("streamFinish").GetString());
        Assert.Equal(6, seen.GetProperty("streamCompletionTokens").GetInt32());
        Assert.Equal(2, seen.GetProperty("embeddingCount").GetInt32());
        Assert.Equal(64, seen.GetProperty("embeddingLength").GetInt32());
        Assert.Contains("kb", seen.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(404, seen.GetProperty("missingStatus").GetInt32());
    }
}
