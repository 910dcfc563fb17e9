using System.CommandLine;
using LocalKernel.Hosting.OpenAI;
using LocalKernel.Samples.KnowledgeBase.Configuration;
using LocalKernel.Samples.KnowledgeBase.Hosting;
using LocalKernel.Samples.KnowledgeBase.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace LocalKernel.Samples.KnowledgeBase.Commands;

/// <summary>
/// <c>kb serve [--port N] [--host H] [--api-key K] [--max-tokens N] [--queue N] [--timeout S]</c>: the knowledge base and its models over HTTP — OpenAI's API, the
/// <c>/v1/kb</c> endpoints, the web page and MCP. Prints the URL, then serves until SIGINT/SIGTERM, when it finishes the
/// requests in flight and exits 0. Listens on 127.0.0.1 unless told otherwise, and refuses any other address without a key.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port (0 picks a free one).", DefaultValueFactory = _ => 8080 };
        var host = new Option<string>("--host") { Description = "Address to listen on. Anything but a loopback address needs --api-key.", DefaultValueFactory = _ => "127.0.0.1" };
        var apiKey = new Option<string?>("--api-key") { Description = "Key clients must send (Authorization: Bearer or x-api-key). Env KB_API_KEY." };
        var maxTokens = new Option<int?>("--max-tokens") { Description = "Most tokens one request may generate (and the default). Default 2048." };
        var queue = new Option<int?>("--queue") { Description = "Requests that may wait for a slot; one more is answered 429. Default 128." };
        var timeout = new Option<int?>("--timeout") { Description = "Seconds one request may take, waiting included. Default 300." };
        var command = new Command("serve", "Serve the knowledge base and its models: OpenAI-compatible API, web page at /, MCP at /mcp.")
        {
            port,
            host,
            apiKey,
            maxTokens,
            queue,
            timeout,
        };
        var kb = KbOptions.AddTo(command, models: true);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            () => RunAsync(
                kb.Resolve(parseResult),
                new ServeSettings(parseResult.GetValue(host)!, parseResult.GetValue(port), parseResult.GetValue(apiKey) ?? NonEmpty(Environment.GetEnvironmentVariable("KB_API_KEY"))),
                new OpenAIServerOptions
                {
                    MaxTokensCap = parseResult.GetValue(maxTokens),
                    MaxQueuedRequests = parseResult.GetValue(queue),
                    RequestTimeout = parseResult.GetValue(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                },
                cancellationToken),
            cancellationToken));
        return command;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static async Task<int> RunAsync(KbSettings settings, ServeSettings serve, OpenAIServerOptions limits, CancellationToken cancellationToken)
    {
        if (serve.Port is < 0 or > 65535)
        {
            throw new KbException($"--port must be from 0 to 65535; it is {serve.Port}.");
        }

        if (limits.MaxTokensCap is < 1 || limits.MaxQueuedRequests is < 0 || limits.RequestTimeout <= TimeSpan.Zero)
        {
            throw new KbException("--max-tokens and --timeout must be positive and --queue at least 0.");
        }

        if (!ServerBinding.IsLoopback(serve.Host) && !System.Net.IPAddress.TryParse(serve.Host.Trim('[', ']'), out _))
        {
            throw new KbException($"--host must be an IP address or localhost; '{serve.Host}' is not.");
        }

        try
        {
            ServerBinding.Validate(serve.Host, serve.ApiKey);
        }
        catch (InvalidOperationException e)
        {
            throw new KbException(e.Message);
        }

        using var kb = new KbService(KnowledgeBaseSession.Open(settings, useEmbeddingModel: true, useChatModel: true, Console.Error));
        await using var app = KbServer.Build(kb, serve, limits);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            throw new KbException($"Cannot listen on {serve.Host}:{serve.Port}: {e.Message}");
        }

        foreach (var url in app.Urls)
        {
            Console.WriteLine($"kb: listening on {url}");
        }

        await Console.Out.FlushAsync(cancellationToken);
        using var stop = cancellationToken.Register(() => app.Lifetime.StopApplication());
        await app.WaitForShutdownAsync(CancellationToken.None);
        return ExitCodes.Success;
    }
}
