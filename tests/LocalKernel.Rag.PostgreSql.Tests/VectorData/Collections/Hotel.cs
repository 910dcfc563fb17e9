using Microsoft.Extensions.VectorData;

namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>An application's record described by attributes; its vector is embedded from <see cref="Embedding"/>'s text by the store.</summary>
public sealed class Hotel
{
    [VectorStoreKey]
    public string Id { get; set; } = string.Empty;

    [VectorStoreData(IsIndexed = true)]
    public string Name { get; set; } = string.Empty;

    [VectorStoreData(IsFullTextIndexed = true)]
    public string Description { get; set; } = string.Empty;

    [VectorStoreData(IsIndexed = true)]
    public int Rating { get; set; }

    [VectorStoreData]
    public double Price { get; set; }

    [VectorStoreData]
    public bool Open { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public List<string> Tags { get; set; } = [];

    [VectorStoreData]
    public DateTimeOffset? Renovated { get; set; }

    [VectorStoreData]
    public string? Note { get; set; }

    /// <summary>The text the store embeds (the description, in these tests).</summary>
    [VectorStoreVector(256)]
    public string? Embedding { get; set; }
}
