namespace LocalKernel.Samples.KnowledgeBase.Configuration;

/// <summary>The settings given on the command line; null where an option was not given.</summary>
internal sealed record CommandLineSettings(
    string? ConfigFile = null,
    string? Store = null,
    string? ChatModel = null,
    string? EmbeddingModel = null,
    int? ContextSize = null,
    int? GpuLayers = null,
    int? Threads = null);
