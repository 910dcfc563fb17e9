namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Chooses how a model's conversations become prompts.</summary>
internal static class ChatPromptFormatters
{
    /// <summary>The model's own template through llama.cpp's built-in families, or ChatML when it has none.</summary>
    public static IChatPromptFormatter For(LlamaModel model) =>
        new NativeChatTemplateFormatter(model.ChatTemplate ?? NativeChatTemplateFormatter.DefaultTemplate);
}
