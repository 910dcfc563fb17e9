using System.ComponentModel.DataAnnotations;
using LocalKernel.Testing;
using Microsoft.Extensions.AI;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// A forced call cut off by <see cref="ChatOptions.MaxOutputTokens"/> ends as a <see cref="ChatFinishReason.Length"/>
/// finish with no half-written call in the text, streaming and not.
/// </summary>
public sealed class ToolCallTruncationTests : IDisposable
{
    private readonly LlamaModel _model = LlamaModel.Load(TestModelGenerator.GetOrCreate(TestModelSpec.Tiny));

    public void Dispose() => _model.Dispose();

    private static string Echo([StringLength(40)] string text) => text;

    [Fact]
    public async Task A_forced_call_cut_off_by_the_token_limit_is_a_length_finish_without_call_text()
    {
        using var client = new LlamaChatClient(_model, new LlamaChatClientOptions { ContextSize = 1024, ParallelRequests = 1, Threads = 1 });
        var options = new ChatOptions
        {
            Tools = [AIFunctionFactory.Create(Echo, "echo")],
            ToolMode = ChatToolMode.RequireAny,
            MaxOutputTokens = 4, // the call's own JSON needs more than this
            Temperature = 0.7f,
            Seed = 1,
        };

        var response = await client.GetResponseAsync("Echo hello", options);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Empty(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("", response.Text);

        var updates = await client.GetStreamingResponseAsync("Echo hello", options).ToListAsync();
        Assert.Equal(ChatFinishReason.Length, updates.Last(u => u.FinishReason is not null).FinishReason);
        Assert.Equal("", string.Concat(updates.Select(u => u.Text)));

        // With room, the same request is a call.
        options.MaxOutputTokens = 120;
        options.AllowMultipleToolCalls = false; // a random model never chooses to stop calling
        var whole = await client.GetResponseAsync("Echo hello", options);
        Assert.Equal(ChatFinishReason.ToolCalls, whole.FinishReason);
        Assert.Single(whole.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
    }
}
