using LocalKernel.SemanticKernel;
using Microsoft.SemanticKernel;

namespace LocalKernel.Samples.SemanticKernelQuickstart;

/// <summary>The README's "Semantic Kernel" section, as running code.</summary>
public static class SemanticKernelDemo
{
    /// <summary>Runs a kernel with <see cref="LightsPlugin"/> on the model at <paramref name="modelPath"/> and returns what the plugin returned.</summary>
    public static async Task<string> RunAsync(string modelPath, TextWriter output)
    {
        // snippet: semantic-kernel
        var builder = Kernel.CreateBuilder()
            .AddLlamaChatClient(modelPath, o => o.ContextSize = 2048)   // an IChatClient with Semantic Kernel's function invocation
            .AddLlamaEmbeddingGenerator(modelPath);                      // the same file, loaded once
        builder.Plugins.AddFromType<LightsPlugin>("lights");
        var kernel = builder.Build();

        var settings = new LlamaPromptExecutionSettings
        {
            FunctionChoiceBehavior = FunctionChoiceBehavior.Required(options: new() { AllowParallelCalls = false }),
            Temperature = 0.7f,
            Seed = 7,
            MaxTokens = 200,
            MinP = 0.05f,                                                // what ChatOptions has no property for
        };
        var answer = await kernel.InvokePromptAsync("Turn on the kitchen light.", new(settings));
        // end snippet

        var pluginResult = answer.GetValue<Microsoft.Extensions.AI.ChatResponse>()!.Messages
            .SelectMany(m => m.Contents).OfType<Microsoft.Extensions.AI.FunctionResultContent>()
            .Select(r => r.Result?.ToString()).FirstOrDefault();
        output.WriteLine($"Semantic Kernel: the plugin returned: {pluginResult ?? "(no call)"}");
        var said = answer.ToString();
        output.WriteLine($"Semantic Kernel: the model then said: {(said.Length > 60 ? said[..60] + "…" : said)}");
        return pluginResult ?? "";
    }
}
