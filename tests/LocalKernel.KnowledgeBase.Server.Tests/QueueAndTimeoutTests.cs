using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.AI;
using LocalKernel.Hosting.OpenAI;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LocalKernel.KnowledgeBase.Server.Tests;

/// <summary>
/// The bounded queue, the per-request timeout and disconnects of LocalKernel.Hosting.OpenAI, on a real Kestrel in
/// this process with a chat client that blocks until released (so "full" and "too slow" are certain, not timing luck).
/// </summary>
public sealed class QueueAndTimeoutTests
{
    private static async Task<(WebApplication App, HttpClient Http)> StartAsync(IChatClient client, OpenAIServerOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddOpenAIServer(new ServedModels().AddChatModel("blocking", client), options);
        var app = builder.Build();
        app.UseRouting();
        app.UseOpenAIServer();
        app.MapOpenAIEndpoints();
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient { BaseAddress = new Uri(url) });
    }

    private static HttpRequestMessage Chat(bool stream = false) => new(HttpMethod.Post, "/v1/chat/completions")
    {
        Content = JsonContent.Create(new { model = "blocking", messages = new[] { new { role = "user", content = "hi" } }, stream }),
    };

    [Fact]
    public async Task A_full_queue_answers_429_with_retry_after_and_the_others_complete()
    {
        var client = new BlockingChatClient();
        var (app, http) = await StartAsync(client, new OpenAIServerOptions { MaxConcurrentRequests = 1, MaxQueuedRequests = 1, RetryAfterSeconds = 3 });
        await using var _ = app;
        using var __ = http;

        var running = http.SendAsync(Chat());
        await WaitUntilAsync(() => client.Started == 1);
        var waiting = http.SendAsync(Chat());
        await WaitUntilAsync(() => app.Services.GetRequiredService<GenerationGate>().Queued == 1);
        using var refused = await http.SendAsync(Chat());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), refused.Headers.RetryAfter!.Delta);
        Assert.Contains("rate_limit_error", await refused.Content.ReadAsStringAsync());
        client.Release();
        Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await waiting).StatusCode);
    }

    [Fact]
    public async Task A_request_over_the_time_limit_is_cancelled_with_504()
    {
        var client = new BlockingChatClient();
        var (app, http) = await StartAsync(client, new OpenAIServerOptions { RequestTimeout = TimeSpan.FromMilliseconds(500) });
        await using var _ = app;
        using var __ = http;

        using var response = await http.SendAsync(Chat());

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Contains("timeout", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, client.Cancelled);
    }

    [Fact]
    public async Task A_disconnect_cancels_the_generation_and_frees_the_slot()
    {
        var client = new BlockingChatClient();
        var (app, http) = await StartAsync(client, new OpenAIServerOptions { MaxConcurrentRequests = 1, MaxQueuedRequests = 0 });
        await using var _ = app;
        using var __ = http;

        using (var cts = new CancellationTokenSource())
        {
            using var response = await http.SendAsync(Chat(stream: true), HttpCompletionOption.ResponseHeadersRead, cts.Token);
            await WaitUntilAsync(() => client.Started == 1);
            cts.Cancel();
        }

        await WaitUntilAsync(() => client.Cancelled == 1);
        await WaitUntilAsync(() => app.Services.GetRequiredService<GenerationGate>().Running == 0);
        client.Release();
        using var next = await http.SendAsync(Chat());
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "the condition was not reached within 10 s");
    }
}
