namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>Tests that route the process-wide native log to their own logger run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class NativeLogCollection
{
    public const string Name = "Native log";
}
