using System.Net;
using System.Reflection;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Hosting.OpenAI;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace LocalKernel.Samples.KnowledgeBase.Server;

/// <summary>
/// Builds the <c>kb serve</c> application: the OpenAI endpoints over the chat model, the <c>kb</c> model and the embedding
/// model (LocalKernel.Hosting.OpenAI), the <c>/v1/kb</c> endpoints, the web page at <c>/</c> and the MCP tools at
/// <c>/mcp</c>, all behind the same key, queue and limits.
/// </summary>
internal static class KbServer
{
    /// <summary>The page's files: open without a key (they hold no data; the page asks for the key to call the API).</summary>
    private static readonly string[] PageFiles = ["/", "/index.html", "/app.js", "/app.css"];

    public static WebApplication Build(KbService kb, ServeSettings serve, OpenAIServerOptions? limits = null)
    {
        var options = limits ?? new OpenAIServerOptions();
        options.ApiKey = serve.ApiKey;
        options.MapException = MapException;
        foreach (var path in PageFiles)
        {
            options.OpenPaths.Add(path);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes ?? 4 * 1024 * 1024;
            kestrel.AddServerHeader = false;
            if (serve.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            {
                kestrel.Listen(IPAddress.Loopback, serve.Port);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(serve.Host.Trim('[', ']')), serve.Port);
            }
        });

        builder.Services.AddOpenAIServer(Models(kb), options);
        builder.Services.AddSingleton(kb);
        // /metrics: the server's own instruments and ASP.NET Core's, in Prometheus text, by OpenTelemetry's exporter.
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ServerMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());
        builder.Services.AddMcpServer(mcp => mcp.ServerInfo = new() { Name = "kb", Version = "1.0" })
            .WithHttpTransport(http => http.Stateless = true)
            .WithTools<KbMcpTools>();

        var app = builder.Build();
        app.UseRouting();
        app.UseOpenAIServer();
        var page = new EmbeddedFileProvider(Assembly.GetExecutingAssembly(), "LocalKernel.Samples.KnowledgeBase.Server.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = page });

        app.MapOpenAIEndpoints();
        app.MapPost("/v1/kb/ask", AskEndpoints.AskAsync).WithGenerationLimits();
        app.MapPost("/v1/kb/search", AskEndpoints.SearchAsync).WithGenerationLimits();
        app.MapGet("/v1/kb/documents", DocumentEndpoints.ListAsync);
        app.MapPost("/v1/kb/documents", DocumentEndpoints.UploadAsync);
        app.MapDelete("/v1/kb/documents", DocumentEndpoints.DeleteAsync);
        app.MapDelete("/v1/kb/documents/{**id}", DocumentEndpoints.DeleteAsync);
        app.MapGet("/v1/kb/info", (HttpContext context) => context.Response.WriteAsJsonAsync(new
        {
            chat_model = kb.Session.ChatClient?.GetService<ChatClientMetadata>()?.DefaultModelId,
            embedding_model = kb.Session.EmbeddingGenerator?.Metadata.DefaultModelId,
            extractive = !kb.HasChatModel,
        }));
        app.MapMcp("/mcp");
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static ServedModels Models(KbService kb)
    {
        var models = new ServedModels();
        IServedTokenizer? tokenizer = null;
        if (kb.Session.ChatClient is { } chat)
        {
            var model = chat.GetService<LlamaModel>();
            tokenizer = model is null ? null : new LlamaServedTokenizer(model);
            models.AddChatModel(chat.GetService<ChatClientMetadata>()?.DefaultModelId ?? "chat", chat, tokenizer);
        }

        models.AddChatModel(KnowledgeBaseChatClient.ModelId, new KnowledgeBaseChatClient(kb), tokenizer, "localkernel-kb");
        if (kb.Session.EmbeddingGenerator is { } embedding)
        {
            models.AddEmbeddingModel(embedding.Metadata.DefaultModelId ?? "embedding", embedding);
        }

        return models;
    }

    /// <summary>The connector's refusals a client caused: OpenAI's own code for a prompt over the context.</summary>
    private static OpenAIRequestException? MapException(Exception e) => e switch
    {
        LlamaException { Status: LlamaStatus.ContextOverflow } => OpenAIRequestException.BadRequest(e.Message, "messages", "context_length_exceeded"),
        LlamaException { Status: LlamaStatus.InsufficientMemory } => new OpenAIRequestException(StatusCodes.Status503ServiceUnavailable, e.Message, OpenAIErrors.Server),
        _ => null,
    };
}
