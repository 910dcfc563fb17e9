using Microsoft.Extensions.AI;

namespace LocalKernel.Rag.Code.Tests;

public sealed class AskTests : IDisposable
{
    private readonly FixtureRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task Without_a_model_the_answer_cites_the_validating_code_with_its_lines()
    {
        using var index = CodeIndex.Open(_repo.Root, Path.Combine(_repo.Parent, "index.db"));
        await index.UpdateAsync();

        var answer = await new CodeAnswerer(index).AnswerAsync("Where is a GGUF file validated?");

        var first = answer.Citations[0];
        Assert.Equal("src/Validation/ModelFileValidator.cs", first.Path);
        var lines = File.ReadAllLines(Path.Combine(_repo.Root, first.Path))[(first.StartLine - 1)..first.EndLine];
        Assert.Contains(lines, l => l.Contains("ValidateHeader", StringComparison.Ordinal) || l.Contains("Validates a GGUF", StringComparison.Ordinal));
        Assert.Contains(first.ToString(), answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Citations_a_model_invents_are_dropped_and_real_ones_kept()
    {
        using var index = CodeIndex.Open(_repo.Root, Path.Combine(_repo.Parent, "index.db"));
        await index.UpdateAsync();
        // The model is the external boundary: this one cites one real place, a file that does not exist, lines past
        // the end of a real file, and a path outside the repository.
        var model = new ScriptedChatClient("It is validated in src/Validation/ModelFileValidator.cs:12-20, also in src/Missing.cs:1-3, "
            + "tools/tokenize.py:400-410 and ../secret.txt:1-1.");

        var answer = await new CodeAnswerer(index, model).AnswerAsync("Where is a GGUF file validated?");

        Assert.Equal([new CodeCitation("src/Validation/ModelFileValidator.cs", 12, 20)], answer.Citations);
        Assert.Equal(3, answer.DroppedCitations.Count);
    }

    [Fact]
    public async Task Symbol_names_and_paths_find_their_code()
    {
        using var index = CodeIndex.Open(_repo.Root, Path.Combine(_repo.Parent, "index.db"));
        await index.UpdateAsync();
        var retriever = new CodeRetriever(index);

        Assert.Equal("native/quantize.rs", (await retriever.RetrieveAsync("How are weights quantized to 8 bits?"))[0].Path);
        Assert.Equal("tools/tokenize.py", (await retriever.RetrieveAsync("what does Vocabulary.lookup return"))[0].Path);
        Assert.Equal("cmd/server/main.go", (await retriever.RetrieveAsync("StartServer port"))[0].Path);
    }

    private sealed class ScriptedChatClient(string reply) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply)));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
