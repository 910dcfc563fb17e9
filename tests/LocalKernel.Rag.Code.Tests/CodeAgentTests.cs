using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Samples.CodeAssistant.Hosting;
using LocalKernel.Testing;
using Microsoft.Extensions.AI;

namespace LocalKernel.Rag.Code.Tests;

/// <summary>
/// The agent of <c>code chat</c> end to end on real llama.cpp with the tiny generated model: the grammar forces a
/// read_file call (the schema allows one path and small line numbers, so even random weights call it right), the Agent
/// Framework's function invocation runs the real repository tool, feeds the file back, and the answer cites the file.
/// </summary>
public sealed class CodeAgentTests : IDisposable
{
    private const string Target = "src/Validation/ModelFileValidator.cs";
    private readonly FixtureRepository _repo = new();
    private readonly LlamaModel _model = LlamaModel.Load(TestModelGenerator.GetOrCreate(TestModelSpec.Tiny));

    public void Dispose()
    {
        _model.Dispose();
        _repo.Dispose();
    }

    [Fact]
    public async Task A_grammar_forced_read_file_call_is_run_and_the_answer_cites_the_file()
    {
        using var index = CodeIndex.Open(_repo.Root, Path.Combine(_repo.Parent, "index.db"));
        await index.UpdateAsync();
        var tools = new RepositoryTools(index);
        var invoked = new List<string>();
        var readFile = AIFunctionFactory.Create(
            ([Description("Path relative to the repository root"), AllowedValues(Target)] string path,
             [Description("First line"), Range(1, 9)] int startLine,
             [Description("Last line"), Range(10, 20)] int endLine) =>
            {
                invoked.Add($"{path}:{startLine}-{endLine}");
                return tools.ReadFile(path, startLine, endLine);
            },
            "read_file",
            "Read lines of a repository file with line numbers.");
        using var llama = new LlamaChatClient(_model, new LlamaChatClientOptions { ContextSize = 2048, ParallelRequests = 1, Threads = 1 });
        // Random weights spend many tokens on the whitespace the JSON grammar allows: room for the whole call.
        var options = new ChatOptions { ToolMode = ChatToolMode.RequireSpecific("read_file"), Temperature = 0.7f, Seed = 11, MaxOutputTokens = 400 };
        var agent = CodeAgent.Create(llama, _model, 2048, tools, options, [readFile]);

        var session = await agent.CreateSessionAsync();
        var response = await agent.RunAsync("Where is the GGUF header validated?", session);

        Assert.True(invoked.Count == 1, "the tool ran once; the conversation was:\n" + string.Join("\n", response.Messages.Select(m => $"{m.Role}: {m.Text}")));
        var call = invoked[0];
        Assert.StartsWith(Target + ":", call, StringComparison.Ordinal);
        var result = response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
        Assert.Contains("| ", result.Result?.ToString(), StringComparison.Ordinal); // numbered file lines came back
        Assert.DoesNotContain("error:", result.Result?.ToString(), StringComparison.Ordinal);
        var cited = Assert.Single(CodeAgent.ReadCitations(response.Messages, tools.Sandbox));
        Assert.Equal(Target, cited.Path);
        Assert.Equal(ChatRole.Assistant, response.Messages[^1].Role); // the model answered after reading
    }
}
