using System.CommandLine;
using LocalKernel.Rag.Code;
using LocalKernel.Samples.CodeAssistant.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace LocalKernel.Samples.CodeAssistant.Commands;

/// <summary>
/// <c>code mcp</c>: an MCP server over stdio publishing the same read-only repository tools as <c>code chat</c>
/// (search_code, find_symbol, find_references, read_file, list_directory, grep), confined to the repository root.
/// </summary>
internal static class McpCommand
{
    public static Command Create()
    {
        var command = new Command("mcp", "Serve the read-only repository tools over MCP (stdio).");
        var common = CommonOptions.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            // stdout carries the protocol: the index summary and every log line go to stderr.
            using var session = await AssistantSession.OpenAsync(common.Resolve(parseResult), useChatModel: false, Console.Error, cancellationToken);
            var tools = new RepositoryTools(session.Index);
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Services.AddMcpServer(o => o.ServerInfo = new() { Name = "localkernel-code", Version = "1.0.0" })
                // The process's own standard streams: with WithStdioServerTransport the responses of this host never reached
                // stdout when stdin was a pipe (measured with a scripted client); explicit streams behave.
                .WithStreamServerTransport(Console.OpenStandardInput(), Console.OpenStandardOutput())
                .WithTools(tools.CreateFunctions().OfType<Microsoft.Extensions.AI.AIFunction>().Select(f => McpServerTool.Create(f)));
            using var host = builder.Build();
            await host.RunAsync(cancellationToken);
            return 0;
        }, cancellationToken));
        return command;
    }
}
