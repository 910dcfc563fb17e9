using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Rag.Code;
using LocalKernel.Samples.CodeAssistant.Commands;
using Microsoft.Extensions.AI;

namespace LocalKernel.Samples.CodeAssistant.Hosting;

/// <summary>An open repository index and, when configured, the chat model: what every command starts from.</summary>
internal sealed class AssistantSession : IDisposable
{
    private AssistantSession(AssistantSettings settings, CodeIndex index, LlamaModel? model, LlamaChatClient? chat)
    {
        Settings = settings;
        Index = index;
        Model = model;
        ChatClient = chat;
    }

    public AssistantSettings Settings { get; }

    public CodeIndex Index { get; }

    public LlamaModel? Model { get; }

    public LlamaChatClient? ChatClient { get; }

    /// <summary>Opens the index, brings it up to date (incrementally) and loads the chat model when one is configured.</summary>
    public static async Task<AssistantSession> OpenAsync(AssistantSettings settings, bool useChatModel, TextWriter log, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(settings.Repository))
        {
            throw new CodeAssistantException($"The repository folder '{settings.Repository}' does not exist.");
        }

        var index = CodeIndex.Open(settings.Repository, settings.Store);
        LlamaModel? model = null;
        try
        {
            var report = await index.UpdateAsync(cancellationToken);
            await log.WriteLineAsync(IndexCommand.Summary(report));
            LlamaChatClient? chat = null;
            if (useChatModel && settings.ChatModel is { } path)
            {
                if (!File.Exists(path))
                {
                    throw new CodeAssistantException($"The chat model '{path}' does not exist.", 2);
                }

                model = LlamaModel.Load(path);
                chat = new LlamaChatClient(model, new LlamaChatClientOptions
                {
                    ContextSize = settings.ContextSize,
                    Threads = settings.Threads,
                    TrimHistoryToFit = true,
                    PromptLookupDecoding = settings.Speculation ? true : null,
                });
            }
            else if (useChatModel)
            {
                await log.WriteLineAsync("code: no chat model (--chat-model or CODE_CHAT_MODEL): answers are the most relevant code, extractive.");
            }

            return new AssistantSession(settings, index, model, chat);
        }
        catch
        {
            model?.Dispose();
            index.Dispose();
            throw;
        }
    }

    /// <summary>The chat client, or a clear error when none is configured.</summary>
    public IChatClient RequireChatClient() => ChatClient
        ?? throw new CodeAssistantException("This command needs a chat model: --chat-model <file.gguf> or CODE_CHAT_MODEL.");

    public void Dispose()
    {
        ChatClient?.Dispose();
        Model?.Dispose();
        Index.Dispose();
    }
}
