namespace LocalKernel.Samples.KnowledgeBase.Configuration;

/// <summary>The effective configuration of one <c>kb</c> run, each value with where it came from.</summary>
internal sealed record KbSettings(
    Setting<string> Store,
    Setting<string> ChatModel,
    Setting<string> EmbeddingModel,
    Setting<int?> ContextSize,
    Setting<int?> GpuLayers,
    Setting<int?> Threads,
    PostgresIndexSettings PostgresIndex,
    string? ConfigFile)
{
    /// <summary>The store used when nothing else names one: a file in the current folder, so that one
    /// folder holds one knowledge base.</summary>
    public const string DefaultStoreFile = "kb.db";

    /// <summary>Context size when none is configured: enough for the answerer's default prompt budget (3,072) and an answer.</summary>
    public const int DefaultContextSize = 4096;
}
