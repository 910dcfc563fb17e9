using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Rag;
using LocalKernel.Rag.Code;
using LocalKernel.Samples.CodeAssistant.Commands;
using Microsoft.Extensions.AI;

namespace LocalKernel.Samples.CodeAssistant.Hosting;

/// <summary>An open repository index and, when configured, the embedding and chat models: what every command starts from.</summary>
internal sealed class AssistantSession : IDisposable
{
    private readonly List<IDisposable> _owned;

    private AssistantSession(AssistantSettings settings, CodeIndex index, LlamaModel? model, LlamaChatClient? chat, List<IDisposable> owned)
    {
        Model = model;
        Settings = settings;
        Index = index;
        ChatClient = chat;
        _owned = owned;
    }

    public AssistantSettings Settings { get; }

    public CodeIndex Index { get; }

    /// <summary>The chat model, when one is configured.</summary>
    public LlamaModel? Model { get; }

    public LlamaChatClient? ChatClient { get; }

    /// <summary>Opens the index, brings it up to date (incrementally) and loads the chat model when one is configured.</summary>
    public static async Task<AssistantSession> OpenAsync(AssistantSettings settings, bool useChatModel, TextWriter log, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(settings.Repository))
        {
            throw new CodeAssistantException($"The repository folder '{settings.Repository}' does not exist.");
        }

        var owned = new List<IDisposable>();
        CodeIndex? index = null;
        try
        {
            var (generator, embeddingModel) = await LoadEmbeddingModelAsync(settings, log, owned);
            // An index holds the vectors of one model (or none): each model gets its own file, so switching models
            // never mixes vectors nor leaves chunks without them.
            var store = settings.Store ?? (embeddingModel is null ? null
                : Path.Combine(settings.Repository, CodeIndex.DefaultStoreFolder, $"code-index.{embeddingModel.Name}.db"));
            try
            {
                index = CodeIndex.Open(settings.Repository, store, generator, embeddingModel);
            }
            catch (EmbeddingModelMismatchException e)
            {
                throw new CodeAssistantException($"{e.Message} Give the index's embedding model (--embedding-model) or use another --store.", 2, e);
            }

            var report = await index.UpdateAsync(cancellationToken);
            await log.WriteLineAsync(IndexCommand.Summary(report));
            LlamaModel? chatModel = null;
            LlamaChatClient? chat = null;
            if (useChatModel && settings.ChatModel is { } path)
            {
                chatModel = Own(owned, LoadModel(path, "chat"));
                chat = Own(owned, new LlamaChatClient(chatModel, new LlamaChatClientOptions
                {
                    ContextSize = settings.ContextSize,
                    Threads = settings.Threads,
                    TrimHistoryToFit = true,
                    PromptLookupDecoding = settings.Speculation ? true : null,
                }));
            }
            else if (useChatModel)
            {
                await log.WriteLineAsync("code: no chat model (--chat-model or CODE_CHAT_MODEL): answers are the most relevant code, extractive.");
            }

            return new AssistantSession(settings, index, chatModel, chat, owned);
        }
        catch
        {
            index?.Dispose();
            DisposeAll(owned);
            throw;
        }
    }

    /// <summary>The chat client, or a clear error when none is configured.</summary>
    public IChatClient RequireChatClient() => ChatClient
        ?? throw new CodeAssistantException("This command needs a chat model: --chat-model <file.gguf> or CODE_CHAT_MODEL.");

    public void Dispose()
    {
        Index.Dispose();
        DisposeAll(_owned);
    }

    private static async Task<(LlamaEmbeddingGenerator? Generator, EmbeddingModelInfo? Model)> LoadEmbeddingModelAsync(
        AssistantSettings settings, TextWriter log, List<IDisposable> owned)
    {
        var path = settings.EmbeddingModel;
        if (path is null)
        {
            return (null, null);
        }

        if (path == CommonOptions.BundledModel)
        {
            var assembly = BundledEmbeddingModel.FindPackageAssembly(typeof(AssistantSession).Assembly)
                ?? throw new CodeAssistantException($"The bundled embedding model needs the {BundledEmbeddingModel.PackageId} package, which is not restored (dotnet restore).", 2);
            try
            {
                path = BundledEmbeddingModel.GetOrConvert(assembly, converting: gguf =>
                    log.WriteLine($"code: converting the bundled embedding model {BundledEmbeddingModel.Name} to {gguf} (once)."));
            }
            catch (Exception e) when (e is ModelConversionException or IOException or UnauthorizedAccessException)
            {
                throw new CodeAssistantException($"Cannot convert the bundled embedding model: {e.Message}", 2, e);
            }
        }

        var model = Own(owned, LoadModel(path, "embedding"));
        LlamaEmbeddingGenerator generator;
        try
        {
            generator = Own(owned, new LlamaEmbeddingGenerator(model, new LlamaEmbeddingGeneratorOptions
            {
                Threads = settings.Threads,
                // Chunks are sized by an estimate, and code has more tokens per character than prose: a chunk over the
                // model's limit is embedded by its head (the declaration and its doc comment), BM25 still reads all of it.
                TruncateInputs = true,
            }));
        }
        catch (Exception e) when (e is LlamaException or ArgumentException or InvalidOperationException)
        {
            throw new CodeAssistantException($"'{path}' cannot embed text: {e.Message}", 2, e);
        }

        await log.WriteLineAsync($"code: embedding model {Path.GetFileNameWithoutExtension(path)} ({model.EmbeddingSize} dimensions): retrieval adds vectors to keywords and symbols.");
        var info = new EmbeddingModelInfo(
            generator.Metadata.DefaultModelId ?? Path.GetFileNameWithoutExtension(path),
            generator.Metadata.DefaultModelDimensions ?? model.EmbeddingSize,
            generator.Pooling.ToString().ToLowerInvariant());
        return (generator, info);
    }

    private static LlamaModel LoadModel(string path, string role)
    {
        if (!File.Exists(path))
        {
            throw new CodeAssistantException($"The {role} model '{path}' does not exist.", 2);
        }

        try
        {
            return LlamaModel.Load(path);
        }
        catch (LlamaException e)
        {
            throw new CodeAssistantException($"The {role} model '{path}' cannot be loaded: {e.Message}", 2, e);
        }
    }

    private static T Own<T>(List<IDisposable> owned, T disposable)
        where T : IDisposable
    {
        owned.Add(disposable);
        return disposable;
    }

    private static void DisposeAll(List<IDisposable> owned)
    {
        for (int i = owned.Count - 1; i >= 0; i--)
        {
            owned[i].Dispose();
        }
    }
}
