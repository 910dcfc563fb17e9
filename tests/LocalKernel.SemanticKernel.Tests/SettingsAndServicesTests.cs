using System.Text.Json;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace LocalKernel.SemanticKernel.Tests;

/// <summary>
/// Settings from Semantic Kernel reach llama.cpp's sampler (checked by what the model can then write), services are
/// selected by id and model id, and chat and embeddings share one loaded model.
/// </summary>
public sealed class SettingsAndServicesTests
{
    private static readonly string ModelPath = TestModelGenerator.GetOrCreate(TestModelSpec.Tiny);

    private static Kernel Build(Action<IKernelBuilder>? more = null)
    {
        var builder = Kernel.CreateBuilder().AddLlamaChatClient(ModelPath, o => { o.ContextSize = 256; o.ParallelRequests = 1; });
        more?.Invoke(builder);
        return builder.Build();
    }

    [Fact]
    public async Task A_grammar_in_the_settings_constrains_what_the_model_writes()
    {
        var kernel = Build();
        for (int seed = 0; seed < 4; seed++)
        {
            var result = await kernel.InvokePromptAsync("Answer:", new KernelArguments(new LlamaPromptExecutionSettings
            {
                Grammar = "root ::= \"yes\" | \"no\"",
                Temperature = 1f,
                Seed = seed,
                MaxTokens = 8,
            }));
            Assert.Contains(result.ToString(), new[] { "yes", "no" });
        }
    }

    [Fact]
    public async Task Settings_written_as_JSON_in_a_prompt_config_reach_the_sampler()
    {
        // As a prompt's YAML/JSON would carry them: plain PromptExecutionSettings with extension data.
        var config = JsonSerializer.Deserialize<PromptTemplateConfig>("""
            {"name": "yesno", "template": "Answer:",
             "execution_settings": {"default": {"grammar": "root ::= \"yes\" | \"no\"", "temperature": 1.0, "seed": 3,
               "max_tokens": 8, "min_p": 0.05, "repeat_penalty": 1.1, "penalty_last_n": 32}}}
            """)!;
        var kernel = Build();
        var function = kernel.CreateFunctionFromPrompt(config);
        Assert.Contains((await kernel.InvokeAsync(function)).ToString(), new[] { "yes", "no" });

        // A value the sampler refuses is refused with its name, so it did reach the sampler.
        var bad = JsonSerializer.Deserialize<PromptTemplateConfig>("""
            {"name": "bad", "template": "Answer:", "execution_settings": {"default": {"min_p": 2.0, "max_tokens": 4}}}
            """)!;
        var error = await Assert.ThrowsAnyAsync<Exception>(() => kernel.InvokeAsync(kernel.CreateFunctionFromPrompt(bad)));
        Assert.Contains("min_p", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Max_tokens_stop_sequences_and_temperature_reach_the_sampler()
    {
        var kernel = Build();
        var settings = new LlamaPromptExecutionSettings { Temperature = 0, MaxTokens = 6 };
        var first = await kernel.InvokePromptAsync("Once upon a time", new KernelArguments(settings));
        var again = await kernel.InvokePromptAsync("Once upon a time", new KernelArguments(settings));
        Assert.Equal(first.ToString(), again.ToString()); // temperature 0 is greedy
        var usage = Assert.IsType<ChatResponse>(first.GetValue<ChatResponse>()).Usage;
        Assert.InRange(usage!.OutputTokenCount!.Value, 1, 6);

        var text = first.ToString();
        Assert.True(text.Length > 2, text);
        var stop = text.Substring(1, 2);
        var stopped = await kernel.InvokePromptAsync("Once upon a time", new KernelArguments(new LlamaPromptExecutionSettings
        {
            Temperature = 0,
            MaxTokens = 6,
            StopSequences = [stop],
        }));
        Assert.Equal(text[..text.IndexOf(stop, StringComparison.Ordinal)], stopped.ToString());
    }

    [Fact]
    public void The_settings_survive_Semantic_Kernels_JSON_round_trip()
    {
        var settings = new LlamaPromptExecutionSettings
        {
            ModelId = "tiny",
            Temperature = 0.3f,
            TopP = 0.9f,
            TopK = 20,
            MinP = 0.1f,
            MaxTokens = 77,
            StopSequences = ["END"],
            Seed = 5,
            FrequencyPenalty = 0.2f,
            PresencePenalty = 0.4f,
            RepeatPenalty = 1.2f,
            PenaltyLastN = 16,
            Grammar = "root ::= \"a\"",
        };
        var json = JsonSerializer.Serialize(settings);
        var plain = JsonSerializer.Deserialize<PromptExecutionSettings>(json)!;
        var back = LlamaPromptExecutionSettings.FromExecutionSettings(plain);

        Assert.Equal(json, JsonSerializer.Serialize(back));
        Assert.Equal(0.1f, back.MinP);
        Assert.Equal("root ::= \"a\"", back.Grammar);
        Assert.Equal(["END"], back.StopSequences!);
        Assert.Equal("tiny", back.ModelId);
        Assert.Null(back.ExtensionData);

        var clone = (LlamaPromptExecutionSettings)settings.Clone();
        Assert.Equal(json, JsonSerializer.Serialize(clone));
        clone.Freeze();
        Assert.Throws<InvalidOperationException>(() => clone.MinP = 0.2f);
    }

    [Fact]
    public async Task Services_are_chosen_by_service_id_and_by_model_id()
    {
        var kernel = Build(b => b
            .AddLlamaChatClient(ModelPath, o => { o.ContextSize = 128; o.ParallelRequests = 1; o.ModelId = "second-model"; }, serviceId: "second"));

        var byId = await kernel.InvokePromptAsync("Hi", new KernelArguments(new LlamaPromptExecutionSettings { ServiceId = "second", MaxTokens = 2 }));
        Assert.Equal("second-model", byId.GetValue<ChatResponse>()!.ModelId);

        var byModel = await kernel.InvokePromptAsync("Hi", new KernelArguments(new LlamaPromptExecutionSettings { ModelId = "second-model", MaxTokens = 2 }));
        Assert.Equal("second-model", byModel.GetValue<ChatResponse>()!.ModelId);

        var byOtherModel = await kernel.InvokePromptAsync("Hi", new KernelArguments(new LlamaPromptExecutionSettings { ModelId = Path.GetFileNameWithoutExtension(ModelPath), MaxTokens = 2 }));
        Assert.Equal(Path.GetFileNameWithoutExtension(ModelPath), byOtherModel.GetValue<ChatResponse>()!.ModelId);
    }

    [Fact]
    public async Task Chat_and_embeddings_share_one_loaded_model_and_embeddings_work_through_the_kernel()
    {
        var kernel = Build(b => b.AddLlamaEmbeddingGenerator(ModelPath));
        var chat = kernel.GetRequiredService<IChatClient>();
        var embeddings = kernel.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        Assert.Same(chat.GetService<LlamaModel>(), embeddings.GetService<LlamaModel>());
        Assert.Equal(Path.GetFileNameWithoutExtension(ModelPath), chat.GetService<ChatClientMetadata>()!.DefaultModelId);

        var vectors = await embeddings.GenerateAsync(["the first passage", "another one"]);
        Assert.Equal(2, vectors.Count);
        Assert.All(vectors, v => Assert.Equal(1f, MathF.Sqrt(v.Vector.ToArray().Sum(x => x * x)), 3));
    }

    [Fact]
    public async Task A_model_loaded_by_the_caller_can_be_registered_as_it_is()
    {
        using var model = LlamaModel.Load(ModelPath);
        var kernel = Kernel.CreateBuilder()
            .AddLlamaChatClient(model, new LlamaChatClientOptions { ContextSize = 128, ParallelRequests = 1 })
            .AddLlamaEmbeddingGenerator(model)
            .Build();
        Assert.Same(model, kernel.GetRequiredService<IChatClient>().GetService<LlamaModel>());
        Assert.NotEmpty((await kernel.InvokePromptAsync("Hi", new KernelArguments(new LlamaPromptExecutionSettings { MaxTokens = 2, Temperature = 0 }))).ToString());
    }
}
