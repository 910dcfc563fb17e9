using System.CommandLine;
using LocalKernel.Samples.KnowledgeBase.Configuration;
using LocalKernel.Samples.KnowledgeBase.Hosting;
using LocalKernel.Samples.KnowledgeBase.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalKernel.Samples.KnowledgeBase.Commands;

/// <summary>
/// <c>kb mcp</c>: the knowledge base as a stdio MCP server with the read-only tools <c>kb_search</c>, <c>kb_ask</c> and
/// <c>kb_list_documents</c>, for assistants that start their tools as child processes. stdout carries the protocol
/// only; every notice and log line goes to stderr.
/// </summary>
internal static class McpCommand
{
    public static Command Create()
    {
        var command = new Command("mcp", "Serve the knowledge base to an MCP client over stdio (tools kb_search, kb_ask, kb_list_documents).");
        var kb = KbOptions.AddTo(command, models: true);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(() => RunAsync(kb.Resolve(parseResult), cancellationToken), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(KbSettings settings, CancellationToken cancellationToken)
    {
        using var kb = new KbService(KnowledgeBaseSession.Open(settings, useEmbeddingModel: true, useChatModel: true, Console.Error));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(kb);
        builder.Services.AddMcpServer(mcp => mcp.ServerInfo = new() { Name = "kb", Version = "1.0" })
            .WithStdioServerTransport()
            .WithTools<KbMcpTools>();
        using var host = builder.Build();
        await host.RunAsync(cancellationToken);
        return ExitCodes.Success;
    }
}
