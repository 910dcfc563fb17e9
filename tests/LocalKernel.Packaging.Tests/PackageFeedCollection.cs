namespace LocalKernel.Packaging.Tests;

/// <summary>The test classes that share one packed feed (packing is the slow part).</summary>
[CollectionDefinition(Name)]
public sealed class PackageFeedCollection : ICollectionFixture<PackageFeedFixture>
{
    public const string Name = "Package feed";
}
