using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace LocalKernel.KnowledgeBase.Server.Tests;

/// <summary>The <c>/v1/kb</c> endpoints: streamed cited answers, search, and the document list with upload and removal.</summary>
[Collection(KbServerCollection.Name)]
public sealed class KnowledgeBaseEndpointTests(KbServerFixture server)
{
    [Fact]
    public async Task Ask_streams_sources_text_and_the_answer_with_its_passages()
    {
        using var response = await server.Http.PostAsJsonAsync("/v1/kb/ask", new { question = "How do I turn on the CUDA backend?" });
        var events = (await KbServerFixture.ReadEventsAsync(response)).ToList();

        Assert.Equal("[DONE]", events[^1]);
        var parsed = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.Equal("sources", parsed[0].GetProperty("type").GetString());
        Assert.Contains(parsed, e => e.GetProperty("type").GetString() == "delta");
        var answer = parsed[^1].GetProperty("answer");
        Assert.Equal("answer", parsed[^1].GetProperty("type").GetString());
        var first = answer.GetProperty("sources")[0];
        Assert.Equal("gpu-backends.docx", first.GetProperty("file_name").GetString());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("text").GetString()));
        Assert.Contains("CUDA", first.GetProperty("heading").GetString());
        // The answer is the streamed text (the answerer trims its ends).
        Assert.Equal(string.Concat(parsed.Where(e => e.GetProperty("type").GetString() == "delta").Select(e => e.GetProperty("text").GetString())).Trim(),
            answer.GetProperty("text").GetString()!.Trim());
    }

    [Fact]
    public async Task Search_returns_ranked_passages()
    {
        var (status, body) = await server.PostAsync("/v1/kb/search", new { query = "CUDA backend", top = 3, mode = "bm25" });

        Assert.Equal(200, status);
        var data = body.GetProperty("data");
        Assert.InRange(data.GetArrayLength(), 1, 3);
        Assert.Contains(data.EnumerateArray(), p => p.GetProperty("text").GetString()!.Contains("CUDA", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_uploaded_file_is_ingested_with_progress_found_listed_and_removed()
    {
        const string word = "Zorblaxian";
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"# Upload test\n\nThe {word} protocol needs port 7431 to be open.\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
        form.Add(file, "file", "zorblax.md");

        using var upload = await server.Http.PostAsync("/v1/kb/documents", form);
        var events = await KbServerFixture.ReadEventsAsync(upload);
        var parsed = events.Where(e => e != "[DONE]").Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.Contains(parsed, e => e.GetProperty("type").GetString() == "progress");
        var result = parsed[^1].GetProperty("results")[0];
        Assert.Equal("added", result.GetProperty("status").GetString());
        var id = result.GetProperty("id").GetString()!;

        var (_, found) = await server.PostAsync("/v1/kb/search", new { query = word, mode = "bm25" });
        Assert.Equal(id, found.GetProperty("data")[0].GetProperty("document_id").GetString());
        var list = await server.Http.GetFromJsonAsync<JsonElement>("/v1/kb/documents");
        Assert.Contains(list.GetProperty("data").EnumerateArray(), d => d.GetProperty("id").GetString() == id && d.GetProperty("uploaded").GetBoolean());

        using var deleted = await server.Http.DeleteAsync("/v1/kb/documents?id=" + Uri.EscapeDataString(id));
        Assert.Equal(200, (int)deleted.StatusCode);
        Assert.False(File.Exists(id), "the uploaded file is deleted with its document");
        var (_, after) = await server.PostAsync("/v1/kb/search", new { query = word, mode = "bm25" });
        Assert.DoesNotContain(after.GetProperty("data").EnumerateArray(), p => p.GetProperty("document_id").GetString() == id);
    }

    [Theory]
    [InlineData("../evil.md")]
    [InlineData("..\\evil.md")]
    [InlineData("/etc/evil.md")]
    [InlineData(".hidden.md")]
    [InlineData("program.exe")]
    public async Task Uploads_with_path_tricks_or_unreadable_types_are_refused(string name)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("text"u8.ToArray());
        form.Add(file, "file", "placeholder.md");
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal) + "\"" };

        using var response = await server.Http.PostAsync("/v1/kb/documents", form);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.False(File.Exists(Path.Combine(server.Folder, "evil.md")));
        Assert.False(File.Exists("/etc/evil.md"));
    }

    [Theory]
    [InlineData("/v1/kb/documents/..%2F..%2Fetc%2Fpasswd", 400)]
    [InlineData("/v1/kb/documents?id=../kb.db", 400)]
    [InlineData("/v1/kb/documents?id=%2Fno%2Fsuch%2Fdocument.md", 404)]
    public async Task Deleting_by_a_crafted_or_unknown_id_is_refused(string path, int status)
    {
        using var response = await server.Http.DeleteAsync(path);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.True(File.Exists(server.Store));
    }
}
