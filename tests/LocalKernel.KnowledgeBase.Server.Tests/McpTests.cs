using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace LocalKernel.KnowledgeBase.Server.Tests;

/// <summary>The MCP C# client against <c>kb mcp</c> (stdio, a child process) and <c>/mcp</c> of the running <c>kb serve</c>.</summary>
[Collection(KbServerCollection.Name)]
public sealed class McpTests(KbServerFixture server)
{
    private static async Task AssertToolsWorkAsync(McpClient client)
    {
        var tools = await client.ListToolsAsync();
        Assert.Equal(["kb_ask", "kb_list_documents", "kb_search"], tools.Select(t => t.Name).Order());
        Assert.All(tools, t => Assert.True(t.ProtocolTool.Annotations?.ReadOnlyHint, $"{t.Name} is read-only"));

        var search = await client.CallToolAsync("kb_search", new Dictionary<string, object?> { ["query"] = "CUDA backend", ["top"] = 2 });
        Assert.NotEqual(true, search.IsError);
        Assert.Contains("gpu-backends.docx", Text(search));

        var list = await client.CallToolAsync("kb_list_documents", new Dictionary<string, object?>());
        Assert.Contains("overview.md", Text(list));

        var ask = await client.CallToolAsync("kb_ask", new Dictionary<string, object?> { ["question"] = "How do I turn on the CUDA backend?" });
        Assert.NotEqual(true, ask.IsError);
        Assert.Contains("gpu-backends.docx", Text(ask));
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    [Fact(Timeout = 300_000)]
    public async Task Kb_mcp_over_stdio_lists_and_runs_the_tools()
    {
        var start = ServerProcess.StartInfo(server.Folder, null, ["mcp", "--store", server.Store]);
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "kb",
            Command = start.FileName,
            Arguments = [.. start.ArgumentList],
            WorkingDirectory = server.Folder,
            // No model: the store was built with vectors, and kb then retrieves by keywords. The developer's own KB_*
            // settings must not reach the child.
            EnvironmentVariables = start.Environment.Where(e => !e.Key.StartsWith("KB_", StringComparison.Ordinal)).ToDictionary(e => e.Key, e => e.Value)!,
        });
        await using var client = await McpClient.CreateAsync(transport);

        await AssertToolsWorkAsync(client);
    }

    [Fact(Timeout = 300_000)]
    public async Task Kb_serve_exposes_the_same_tools_over_http_at_mcp()
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(server.Url, "/mcp"), Name = "kb" });
        await using var client = await McpClient.CreateAsync(transport);

        await AssertToolsWorkAsync(client);
    }
}
