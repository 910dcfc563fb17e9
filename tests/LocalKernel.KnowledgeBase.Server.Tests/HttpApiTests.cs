using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace LocalKernel.KnowledgeBase.Server.Tests;

/// <summary>The HTTP contract as a client without an SDK sees it: SSE framing, error JSON and status codes, tokenize.</summary>
[Collection(KbServerCollection.Name)]
public sealed class HttpApiTests(KbServerFixture server)
{
    [Fact]
    public async Task Models_lists_the_chat_model_and_kb()
    {
        var models = await server.Http.GetFromJsonAsync<JsonElement>("/v1/models");

        Assert.Equal("list", models.GetProperty("object").GetString());
        var ids = models.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Contains(server.ModelId, ids);
        Assert.Contains("kb", ids);
        Assert.All(models.GetProperty("data").EnumerateArray(), m => Assert.Equal("model", m.GetProperty("object").GetString()));
    }

    [Fact]
    public async Task A_stream_is_sse_chunks_ending_with_done()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = server.ModelId, messages = new[] { new { role = "user", content = "hi" } }, max_tokens = 5, stream = true }),
        };
        using var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = await KbServerFixture.ReadEventsAsync(response);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("length", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.False(chunks[^1].TryGetProperty("usage", out _), "no usage without stream_options.include_usage");
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", 400, "model")]
    [InlineData("""{"model":"MODEL","messages":[]}""", 400, "messages")]
    [InlineData("""{"model":"MODEL","messages":[{"role":"wizard","content":"hi"}]}""", 400, "messages[0].role")]
    [InlineData("""{"model":"MODEL","messages":[{"role":"user","content":"hi"}],"n":2}""", 400, "n")]
    [InlineData("""{"model":"MODEL","messages":[{"role":"user","content":"hi"}],"max_tokens":100000}""", 400, "max_tokens")]
    [InlineData("""{"model":"MODEL","messages":[{"role":"user","content":"hi"}],"temperature":"hot"}""", 400, "temperature")]
    [InlineData("""{"model":"MODEL","messages":[{"role":"user","content":"hi"}],"tool_choice":{"type":"function","function":{"name":"nope"}}}""", 400, "tool_choice")]
    [InlineData("""{"model":"MODEL","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]}""", 400, "messages[0].content[0]")]
    [InlineData("""{"model":"nope","messages":[{"role":"user","content":"hi"}]}""", 404, "model")]
    [InlineData("""{not json""", 400, null)]
    public async Task Bad_requests_get_openai_error_json_naming_the_field(string body, int status, string? param)
    {
        using var content = new StringContent(body.Replace("MODEL", server.ModelId, StringComparison.Ordinal), Encoding.UTF8, "application/json");
        using var response = await server.Http.PostAsync("/v1/chat/completions", content);

        Assert.Equal(status, (int)response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("type").GetString()));
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task An_oversized_body_is_413()
    {
        var huge = new string('a', 5 * 1024 * 1024);
        var (status, body) = await server.PostAsync("/v1/chat/completions", new { model = server.ModelId, messages = new[] { new { role = "user", content = huge } } });

        Assert.Equal(413, status);
        Assert.Equal("request_too_large", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Embeddings_accept_base64_and_refuse_other_dimensions()
    {
        var (status, body) = await server.PostAsync("/v1/embeddings", new { model = server.ModelId, input = "hello", encoding_format = "base64" });
        Assert.Equal(200, status);
        var bytes = Convert.FromBase64String(body.GetProperty("data")[0].GetProperty("embedding").GetString()!);
        Assert.Equal(64 * sizeof(float), bytes.Length);

        (status, body) = await server.PostAsync("/v1/embeddings", new { model = server.ModelId, input = "hello", dimensions = 32 });
        Assert.Equal(400, status);
        Assert.Equal("dimensions", body.GetProperty("error").GetProperty("param").GetString());
        Assert.Contains("64", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Tokenize_and_detokenize_round_trip()
    {
        var (status, tokens) = await server.PostAsync("/tokenize", new { content = "hello world", with_pieces = true });
        Assert.Equal(200, status);
        var ids = tokens.GetProperty("tokens").EnumerateArray().Select(t => t.GetProperty("id").GetInt32()).ToArray();
        Assert.Equal("hello world", string.Concat(tokens.GetProperty("tokens").EnumerateArray().Select(t => t.GetProperty("piece").GetString())).Trim());

        var (detokStatus, text) = await server.PostAsync("/detokenize", new { tokens = ids });
        Assert.Equal(200, detokStatus);
        Assert.Equal("hello world", text.GetProperty("content").GetString()!.Trim());

        var (badStatus, _) = await server.PostAsync("/detokenize", new { tokens = new[] { -5 } });
        Assert.Equal(400, badStatus);
    }

    [Fact]
    public async Task A_client_that_disconnects_frees_its_slot()
    {
        using (var cts = new CancellationTokenSource())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = JsonContent.Create(new { model = server.ModelId, messages = new[] { new { role = "user", content = "Tell a long story" } }, max_tokens = 2000, stream = true }),
            };
            using var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
            await reader.ReadLineAsync(cts.Token);
            cts.Cancel();
        }

        // The slot gauge must fall back to zero once the server has seen the disconnect (2,000 tokens would take far longer).
        for (int i = 0; i < 100; i++)
        {
            var metrics = await server.Http.GetStringAsync("/metrics");
            if (System.Text.RegularExpressions.Regex.IsMatch(metrics, @"localkernel_server_slots_in_use\S* 0(\.0)?\b"))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The slot was not freed after the client disconnected.");
    }
}
