using System.Net;
using System.Net.Http.Headers;

namespace LocalKernel.KnowledgeBase.Server.Tests;

/// <summary>
/// The security defaults with the real process: an exposed server (0.0.0.0) needs its key on everything but
/// <c>/health</c>; a non-loopback address without a key is refused before anything is loaded; SIGTERM ends it with 0.
/// No model is loaded (the store is empty), so starting costs little.
/// </summary>
public sealed class SecurityTests : IAsyncLifetime
{
    private const string Key = "s3cret-test-key";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kb-serve-security-" + Guid.NewGuid().ToString("N")[..8]);
    private ServerProcess? _server;
    private HttpClient? _http;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _server = await ServerProcess.StartAsync(_folder, new Dictionary<string, string> { ["KB_API_KEY"] = Key }, "serve", "--host", "0.0.0.0", "--port", "0", "--max-tokens", "16");
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_server.Url.Port}") };
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("/v1/models")]
    [InlineData("/v1/kb/documents")]
    [InlineData("/metrics")]
    [InlineData("/mcp")]
    public async Task Without_the_key_an_exposed_server_answers_401(string path)
    {
        using var response = await _http!.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_api_key", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_key_is_401_and_the_right_one_passes_as_bearer_or_x_api_key()
    {
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/v1/models") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Key + "x") } };
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/v1/models") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Key) } };
        using var header = new HttpRequestMessage(HttpMethod.Get, "/v1/models") { Headers = { { "x-api-key", Key } } };

        Assert.Equal(HttpStatusCode.Unauthorized, (await _http!.SendAsync(wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(bearer)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(header)).StatusCode);
    }

    [Fact]
    public async Task Health_and_the_page_need_no_key()
    {
        Assert.Equal(HttpStatusCode.OK, (await _http!.GetAsync("/health")).StatusCode);
        var page = await _http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Without_a_chat_model_chat_completions_is_503_for_a_model_id_other_than_kb()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/embeddings")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Key) },
            Content = new StringContent("""{"model":"x","input":"hi"}""", System.Text.Encoding.UTF8, "application/json"),
        };

        using var response = await _http!.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("model_not_loaded", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_max_tokens_cap_comes_from_the_command_line()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Key) },
            Content = new StringContent("""{"model":"kb","messages":[{"role":"user","content":"hi"}],"max_tokens":17}""", System.Text.Encoding.UTF8, "application/json"),
        };

        using var response = await _http!.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 16 tokens", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.10")]
    public async Task A_non_loopback_address_without_a_key_refuses_to_start(string host)
    {
        var run = await ServerProcess.RunAsync(_folder, "serve", "--host", host, "--port", "0");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("without an API key", run.Stderr);
        Assert.DoesNotContain("listening", run.Stdout);
    }

    [Fact]
    public async Task Sigterm_stops_the_server_with_exit_code_0()
    {
        var server = await ServerProcess.StartAsync(_folder, null, "serve", "--port", "0", "--store", Path.Combine(_folder, "other.db"));

        Assert.Equal(0, await server.StopAsync());
    }
}
