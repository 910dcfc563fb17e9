namespace LocalKernel.Samples.CodeAssistant.Hosting;

/// <summary>The effective settings of one command. <c>EmbeddingModel</c> is a GGUF file, <see cref="CommonOptions.BundledModel"/>
/// for the bundled MiniLM, or null for keyword and symbol retrieval only.</summary>
internal sealed record AssistantSettings(string Repository, string? Store, string? ChatModel, int ContextSize, int? Threads, bool Speculation,
    string? EmbeddingModel = null);
