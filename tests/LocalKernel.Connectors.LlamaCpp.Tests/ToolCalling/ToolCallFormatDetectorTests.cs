namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>The family of real chat templates (from the pinned llama.cpp source) is recognised by their markers.</summary>
public sealed class ToolCallFormatDetectorTests
{
    public static TheoryData<string, ToolCallFormat> Templates => new()
    {
        { "NousResearch-Hermes-2-Pro-Llama-3-8B-tool_use", ToolCallFormat.Hermes },
        { "NousResearch-Hermes-3-Llama-3.1-8B-tool_use", ToolCallFormat.Hermes },
        { "Qwen-Qwen2.5-7B-Instruct", ToolCallFormat.Hermes },
        { "Qwen-Qwen3-0.6B", ToolCallFormat.Hermes },
        { "Qwen-QwQ-32B", ToolCallFormat.Hermes },
        { "Qwen3-Coder", ToolCallFormat.Hermes },
        { "ibm-granite-granite-4.0", ToolCallFormat.Hermes },
        { "ibm-granite-granite-3.3-2B-Instruct", ToolCallFormat.Granite },
        { "meta-llama-Llama-3.1-8B-Instruct", ToolCallFormat.Llama3 },
        { "meta-llama-Llama-3.2-3B-Instruct", ToolCallFormat.Llama3 },
        { "meta-llama-Llama-3.3-70B-Instruct", ToolCallFormat.Llama3 },
        { "mistralai-Mistral-Nemo-Instruct-2407", ToolCallFormat.Mistral },
        { "Mistral-Small-3.2-24B-Instruct-2506", ToolCallFormat.MistralV11 },
        { "unsloth-mistral-Devstral-Small-2507", ToolCallFormat.MistralV11 },
        { "mistralai-Ministral-3-14B-Reasoning-2512", ToolCallFormat.MistralV11 },
        { "fireworks-ai-llama-3-firefunction-v2", ToolCallFormat.Phi4Mini },
        { "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B", ToolCallFormat.DeepSeekR1 },
        { "deepseek-ai-DeepSeek-R1-Distill-Llama-8B", ToolCallFormat.DeepSeekR1 },
        { "llama-cpp-deepseek-r1", ToolCallFormat.DeepSeekR1 },
        { "deepseek-ai-DeepSeek-V3.1", ToolCallFormat.DeepSeekV31 },
        { "meetkai-functionary-medium-v3.1", ToolCallFormat.FunctionaryV31 },
        { "meetkai-functionary-medium-v3.2", ToolCallFormat.FunctionaryV32 },
        { "CohereForAI-c4ai-command-r-plus-tool_use", ToolCallFormat.CommandR },
        { "CohereForAI-c4ai-command-r7b-12-2024-tool_use", ToolCallFormat.CommandR7B },
        { "google-gemma-2-2b-it", ToolCallFormat.Generic },
        { "microsoft-Phi-3.5-mini-instruct", ToolCallFormat.Generic },
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public void A_real_template_is_recognised_by_its_markers(string template, ToolCallFormat expected)
    {
        var text = File.ReadAllText(LlamaTestData.PathOf($"models/templates/{template}.jinja"));
        Assert.Equal(expected, ToolCallFormatDetector.Detect(text));
    }

    [Fact]
    public void Phi_4_mini_templates_and_the_test_model_template_are_recognised()
    {
        // Phi-4-mini declares tools between <|tool|> and <|/tool|> and answers with functools[...].
        Assert.Equal(ToolCallFormat.Phi4Mini, ToolCallFormatDetector.Detect("{{ '<|system|>' + message['content'] + '<|tool|>' + message['tools'] + '<|/tool|>' + '<|end|>' }}"));
        Assert.Equal(ToolCallFormat.Generic, ToolCallFormatDetector.Detect(TestModelGenerator.ChatMLTemplate));
        Assert.Equal(ToolCallFormat.Generic, ToolCallFormatDetector.Detect(null));
    }
}
