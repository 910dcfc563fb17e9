using System.Diagnostics;
using System.Text.Json;

namespace LocalKernel.Rag.Code.Tests;

/// <summary><c>code mcp</c> as a real process speaking MCP over stdio: the same tools, the same refusals.</summary>
public sealed class McpServerTests : IDisposable
{
    private readonly FixtureRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task The_server_lists_the_six_tools_answers_calls_and_refuses_escapes()
    {
        var assistant = Path.Combine(AppContext.BaseDirectory, "code-assistant.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { assistant, "mcp", "--repo", _repo.Root, "--store", Path.Combine(_repo.Parent, "index.db") },
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var responses = new Dictionary<int, JsonElement>();
            async Task<JsonElement> Call(int id, string method, object parameters)
            {
                await process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new { jsonrpc = "2.0", id, method, @params = parameters }));
                await process.StandardInput.FlushAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                while (!responses.ContainsKey(id))
                {
                    var line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("The server closed its output: " + await stderr);
                    using var document = JsonDocument.Parse(line);
                    if (document.RootElement.TryGetProperty("id", out var responseId))
                    {
                        responses[responseId.GetInt32()] = document.RootElement.Clone();
                    }
                }

                return responses[id];
            }

            await Call(1, "initialize", new { protocolVersion = "2025-06-18", capabilities = new { }, clientInfo = new { name = "test", version = "1" } });
            await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
            var tools = await Call(2, "tools/list", new { });
            var names = tools.GetProperty("result").GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Order().ToList();
            Assert.Equal(["find_references", "find_symbol", "grep", "list_directory", "read_file", "search_code"], names);

            string Text(JsonElement response) => response.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString()!;
            var symbol = Text(await Call(3, "tools/call", new { name = "find_symbol", arguments = new { name = "ValidateHeader" } }));
            Assert.Contains("src/Validation/ModelFileValidator.cs:12-20", symbol, StringComparison.Ordinal);
            var escape = Text(await Call(4, "tools/call", new { name = "read_file", arguments = new { path = "outside/secret.txt" } }));
            Assert.Contains("error:", escape, StringComparison.Ordinal);
            Assert.DoesNotContain("TOP-SECRET", escape, StringComparison.Ordinal);
        }
        finally
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(15_000))
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
