namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>A plain class with no attributes: a <c>VectorStoreCollectionDefinition</c> describes it.</summary>
public sealed class Point
{
    public Guid Key { get; set; }

    public string Label { get; set; } = string.Empty;

    public ReadOnlyMemory<float>? Position { get; set; }
}
