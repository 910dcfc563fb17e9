using System.ClientModel;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAI;

namespace LocalKernel.KnowledgeBase.Server.Tests;

/// <summary>
/// One real <c>kb serve</c> for the whole collection: the tiny generated model as chat and embedding model, the sample
/// documents ingested into a store in a temporary folder, listening on a free loopback port without a key.
/// </summary>
public sealed class KbServerFixture : IAsyncLifetime
{
    private ServerProcess? _server;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "kb-serve-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public string ModelPath { get; } = TestModelGenerator.GetOrCreate(TestModelSpec.Tiny);

    /// <summary>The chat (and embedding) model's id: its file name.</summary>
    public string ModelId => Path.GetFileNameWithoutExtension(ModelPath);

    public Uri Url => _server!.Url;

    public string Stderr => _server!.Stderr;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromMinutes(3) };

    public string Store => Path.Combine(Folder, "kb.db");

    /// <summary>An OpenAI SDK client pointed at the server.</summary>
    public OpenAIClient OpenAI() => new(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(Url, "/v1"), NetworkTimeout = TimeSpan.FromMinutes(3) });

    public async Task InitializeAsync()
    {
        var docs = Path.Combine(Folder, "docs");
        Directory.CreateDirectory(docs);
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "samples", "KnowledgeBase", "sample-docs")))
        {
            File.Copy(file, Path.Combine(docs, Path.GetFileName(file)));
        }

        var ingest = await ServerProcess.RunAsync(Folder, "ingest", docs, "--store", Store, "--embedding-model", ModelPath, "--threads", "1");
        Assert.True(ingest.ExitCode == 0, ingest.Stderr);
        _server = await ServerProcess.StartAsync(Folder, null, "serve", "--port", "0", "--store", Store,
            "--chat-model", ModelPath, "--embedding-model", ModelPath, "--context-size", "2048", "--threads", "1");
        Http.BaseAddress = _server.Url;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(Folder, recursive: true);
    }

    /// <summary>Posts JSON and returns the status and the parsed body.</summary>
    public async Task<(int Status, JsonElement Body)> PostAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement.Clone());
    }

    /// <summary>Reads the <c>data:</c> events of a server-sent event stream, up to <c>[DONE]</c>.</summary>
    public static async Task<List<string>> ReadEventsAsync(HttpResponseMessage response)
    {
        var events = new List<string>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add(line["data: ".Length..]);
            }
        }

        return events;
    }
}

[CollectionDefinition(Name)]
public sealed class KbServerCollection : ICollectionFixture<KbServerFixture>
{
    public const string Name = "kb serve";
}
