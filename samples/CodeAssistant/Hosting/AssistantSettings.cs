namespace LocalKernel.Samples.CodeAssistant.Hosting;

/// <summary>The effective settings of one command.</summary>
internal sealed record AssistantSettings(string Repository, string? Store, string? ChatModel, int ContextSize, int? Threads, bool Speculation);
