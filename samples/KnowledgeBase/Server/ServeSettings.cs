namespace LocalKernel.Samples.KnowledgeBase.Server;

/// <summary>Where and how <c>kb serve</c> listens.</summary>
/// <param name="Host">The address (default 127.0.0.1).</param>
/// <param name="Port">The port; 0 picks a free one.</param>
/// <param name="ApiKey">The key clients must send; null for none (loopback only).</param>
internal sealed record ServeSettings(string Host, int Port, string? ApiKey);
