using System.CommandLine;

namespace LocalKernel.Samples.KnowledgeBase.Configuration;

/// <summary>
/// The configuration options a command accepts. Each command gets its own instances (a System.CommandLine symbol
/// belongs to one parent); commands that never load a model leave the model options out so their help stays short.
/// </summary>
internal sealed class KbOptions
{
    private KbOptions(bool models)
    {
        Config = new Option<FileInfo?>("--config") { Description = $"JSON config file. Default: {KbSettingsLoader.DefaultConfigFile} in the current folder, when it exists." };
        Quiet = new Option<bool>("--quiet", "-q") { Description = "No notices on stderr (\"no chat model: …\"); errors are still reported." };
        Store = new Option<string?>("--store") { Description = "The knowledge base: a SQLite file, or a PostgreSQL database (\"Host=…;Database=…\" or postgres://…). Env KB_STORE. Default: kb.db in the current folder." };
        if (models)
        {
            ChatModel = new Option<string?>("--chat-model") { Description = "GGUF chat model that writes answers. Env KB_CHAT_MODEL. Without one, answers are the best sentences of the sources." };
            EmbeddingModel = new Option<string?>("--embedding-model") { Description = "GGUF embedding model for vector search. Env KB_EMBEDDING_MODEL. Without one, retrieval is by keywords (BM25)." };
            ContextSize = new Option<int?>("--context-size") { Description = $"Chat context in tokens. Env KB_CONTEXT_SIZE. Default {KbSettings.DefaultContextSize}." };
            GpuLayers = new Option<int?>("--gpu-layers") { Description = "Layers offloaded to the GPU (0 = CPU only). Env KB_GPU_LAYERS. Default: llama.cpp's." };
            Threads = new Option<int?>("--threads") { Description = "CPU threads. Env KB_THREADS. Default: adaptive (the cores other work leaves free, up to the physical cores)." };
        }
    }

    public Option<FileInfo?> Config { get; }

    public Option<string?> Store { get; }

    public Option<bool> Quiet { get; }

    public Option<string?>? ChatModel { get; }

    public Option<string?>? EmbeddingModel { get; }

    public Option<int?>? ContextSize { get; }

    public Option<int?>? GpuLayers { get; }

    public Option<int?>? Threads { get; }

    /// <summary>Creates the options and adds them to <paramref name="command"/>.</summary>
    public static KbOptions AddTo(Command command, bool models)
    {
        var options = new KbOptions(models);
        foreach (var option in new Option?[] { options.Store, options.Config, options.Quiet, options.ChatModel, options.EmbeddingModel, options.ContextSize, options.GpuLayers, options.Threads })
        {
            if (option is not null)
            {
                command.Options.Add(option);
            }
        }

        return options;
    }

    /// <summary>The notices of this run: silenced by <c>--quiet</c>, shown once per store when stdout is redirected.</summary>
    public Hosting.Notices Notices(ParseResult parseResult, KbSettings settings) =>
        Hosting.Notices.For(settings.Store.Value, parseResult.GetValue(Quiet));

    /// <summary>The effective settings of this run: these options, then the environment, then the config file.</summary>
    public KbSettings Resolve(ParseResult parseResult) =>
        KbSettingsLoader.Load(
            new CommandLineSettings(
                parseResult.GetValue(Config)?.FullName,
                parseResult.GetValue(Store),
                ChatModel is null ? null : parseResult.GetValue(ChatModel),
                EmbeddingModel is null ? null : parseResult.GetValue(EmbeddingModel),
                ContextSize is null ? null : parseResult.GetValue(ContextSize),
                GpuLayers is null ? null : parseResult.GetValue(GpuLayers),
                Threads is null ? null : parseResult.GetValue(Threads)),
            Environment.GetEnvironmentVariable,
            Environment.CurrentDirectory);
}
