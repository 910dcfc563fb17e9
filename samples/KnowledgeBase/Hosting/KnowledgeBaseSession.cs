using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Rag;
using LocalKernel.Samples.KnowledgeBase.Configuration;
using Microsoft.Extensions.AI;

namespace LocalKernel.Samples.KnowledgeBase.Hosting;

/// <summary>
/// The pieces one command needs, built from the settings: the store, and the models when configured. Each missing
/// model is stated once on stderr with what the user gets instead, so a degraded run is never a silent one.
/// </summary>
internal sealed class KnowledgeBaseSession : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    private KnowledgeBaseSession(KbSettings settings) => Settings = settings;

    public KbSettings Settings { get; }

    public IDocumentStore Store { get; private set; } = null!;

    /// <summary>The store as shown to the user: its file, or its PostgreSQL server and database (never a password).</summary>
    public string StoreDescription => StoreLocation.Display(Settings.Store.Value);

    public LlamaEmbeddingGenerator? EmbeddingGenerator { get; private set; }

    public IChatClient? ChatClient { get; private set; }

    /// <summary>Counts tokens like the embedding model when there is one; chunks are sized by it.</summary>
    public ITokenCounter TokenCounter { get; private set; } = ApproximateTokenCounter.Instance;

    /// <summary>Opens the store and loads the configured models.</summary>
    /// <param name="settings">The effective settings.</param>
    /// <param name="useEmbeddingModel">Whether this command retrieves or ingests (and so wants the embedding model).</param>
    /// <param name="useChatModel">Whether this command writes answers (and so wants the chat model).</param>
    /// <param name="notices">Where the one-line notices of degraded modes go (stderr), every time.</param>
    public static KnowledgeBaseSession Open(KbSettings settings, bool useEmbeddingModel, bool useChatModel, TextWriter notices) =>
        Open(settings, useEmbeddingModel, useChatModel, Notices.Always(notices));

    /// <summary>Opens the store and loads the configured models.</summary>
    /// <param name="settings">The effective settings.</param>
    /// <param name="useEmbeddingModel">Whether this command retrieves or ingests (and so wants the embedding model).</param>
    /// <param name="useChatModel">Whether this command writes answers (and so wants the chat model).</param>
    /// <param name="notices">The one-line notices of degraded modes (<c>--quiet</c>, once per store when not on a terminal).</param>
    public static KnowledgeBaseSession Open(KbSettings settings, bool useEmbeddingModel, bool useChatModel, Notices notices)
    {
        var session = new KnowledgeBaseSession(settings);
        try
        {
            session.LoadModels(useEmbeddingModel, useChatModel, notices);
            session.OpenStore();
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public DocumentIngestor CreateIngestor()
    {
        var chunking = EmbeddingGenerator is null ? null : new ChunkingOptions { MaxTokens = Math.Min(256, EmbeddingGenerator.MaxInputTokens) };
        try
        {
            IEmbeddingGenerator<string, Embedding<float>>? documents = EmbeddingGenerator?.DocumentPrefix is { } prefix
                ? Own(new PrefixingEmbeddingGenerator(EmbeddingGenerator, prefix))
                : EmbeddingGenerator;
            return new DocumentIngestor(Store, LocalKernel.Rag.Code.CodeExtractors.CreateRegistry(), new StructuredChunker(TokenCounter, chunking), documents);
        }
        catch (EmbeddingModelMismatchException e)
        {
            throw new KbException($"{e.Message} Give the store's embedding model (--embedding-model) or use another --store.", ExitCodes.Failure, e);
        }
    }

    public HybridRetriever CreateRetriever() => new(Store, Store.EmbeddingModel is null || EmbeddingGenerator is null ? null
        : EmbeddingGenerator.QueryPrefix is { } prefix ? Own(new PrefixingEmbeddingGenerator(EmbeddingGenerator, prefix)) : EmbeddingGenerator);

    public void Dispose()
    {
        (Store as IDisposable)?.Dispose();
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
    }

    private void LoadModels(bool useEmbeddingModel, bool useChatModel, Notices notices)
    {
        if (useEmbeddingModel)
        {
            // Unset (not "none"): the bundled MiniLM, converted on first use.
            var configured = Settings.EmbeddingModel.Value ?? (Settings.EmbeddingModel.Source == SettingSource.Default
                ? BundledEmbeddingModel.Resolve(Settings.Store.Value!, notices)
                : null);
            if (configured is { } path)
            {
                var model = Own(ModelLoader.Load(path, "embedding", Settings.GpuLayers.Value));
                // Truncate: a chunk is sized to the model's limit, but its breadcrumb and prefix are embedded with it, and a
                // sentence longer than the limit is kept whole; failing the document for that lost a file (SciFact abstracts).
                EmbeddingGenerator = Own(ModelLoader.Guard(path, "embedding", () =>
                    new LlamaEmbeddingGenerator(model, new LlamaEmbeddingGeneratorOptions { Threads = Settings.Threads.Value, TruncateInputs = true })));
                TokenCounter = new ModelTokenCounter(model);
            }
            else if (Settings.EmbeddingModel.Source != SettingSource.Default)
            {
                notices.Write("no-embedding-model", "kb: no embedding model (--embedding-model none or KB_EMBEDDING_MODEL=none): retrieval is by keywords (BM25).");
            }
        }

        if (useChatModel)
        {
            if (Settings.ChatModel.Value is { } path)
            {
                var model = Own(ModelLoader.Load(path, "chat", Settings.GpuLayers.Value));
                ChatClient = Own(ModelLoader.Guard(path, "chat", () => new LlamaChatClient(model, new LlamaChatClientOptions
                {
                    ContextSize = Settings.ContextSize.Value,
                    Threads = Settings.Threads.Value,
                    // A long follow-up conversation drops its oldest turns instead of failing.
                    TrimHistoryToFit = true,
                })));
            }
            else
            {
                notices.Write("no-chat-model", "kb: no chat model (--chat-model or KB_CHAT_MODEL): answers are the most relevant sentences of the documents, with their sources.");
            }
        }
    }

    private void OpenStore()
    {
        var path = Settings.Store.Value!;
        EmbeddingModelInfo? model = EmbeddingGenerator is { } generator
            ? new EmbeddingModelInfo(
                generator.Metadata.DefaultModelId ?? Path.GetFileNameWithoutExtension(generator.Model.FilePath),
                generator.Metadata.DefaultModelDimensions ?? generator.Model.EmbeddingSize,
                generator.Pooling.ToString().ToLowerInvariant())
            : null;
        Store = StoreLocation.Open(path, model, Settings.PostgresIndex);
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
