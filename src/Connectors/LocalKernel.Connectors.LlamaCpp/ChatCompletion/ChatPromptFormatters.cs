using Microsoft.Extensions.Logging;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Chooses how a model's conversations become prompts.</summary>
internal static partial class ChatPromptFormatters
{
    /// <summary>
    /// The model's Jinja template rendered by our engine; llama.cpp's built-in families when the template does not
    /// parse; ChatML (llama-server's fallback) when the model has none.
    /// </summary>
    public static IChatPromptFormatter For(LlamaModel model, ILogger logger)
    {
        if (model.ChatTemplate is not { Length: > 0 } source)
        {
            return new NativeChatTemplateFormatter(NativeChatTemplateFormatter.DefaultTemplate);
        }

        try
        {
            return new JinjaChatPromptFormatter(ChatTemplate.Parse(source), TokenText(model, model.BosToken), TokenText(model, model.EosToken));
        }
        catch (ChatTemplateException e)
        {
            LogTemplateFallback(logger, e.Message);
            return new NativeChatTemplateFormatter(source);
        }
    }

    private static string? TokenText(LlamaModel model, int token) => token < 0 ? null : model.Detokenize([token], special: true);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "The model's chat template does not parse ({Reason}); using llama.cpp's built-in template matching instead")]
    private static partial void LogTemplateFallback(ILogger logger, string reason);
}
