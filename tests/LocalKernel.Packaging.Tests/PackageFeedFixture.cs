namespace LocalKernel.Packaging.Tests;

/// <summary>
/// Packs every library under src/ and the CPU backend, in Release, into a local folder feed (once per test run):
/// the same `dotnet pack` a release would run, with a version that cannot be mistaken for a published one.
/// </summary>
public sealed class PackageFeedFixture : IDisposable
{
    /// <summary>The version every package of this run carries.</summary>
    public const string Version = "0.1.0-packagetest";

    public PackageFeedFixture()
    {
        Root = Directory.CreateTempSubdirectory("lk-packages-").FullName;
        Feed = Path.Combine(Root, "feed");
        foreach (var project in PackableProjects())
        {
            DotnetCli.Dotnet(TestPaths.RepositoryRoot, null, "pack", project, "-c", "Release", "-o", Feed, "-p:Version=" + Version, "-nologo");
        }
    }

    /// <summary>A temporary folder outside the repository: the feed, and the consumer applications beside it.</summary>
    public string Root { get; }

    /// <summary>The folder feed with the .nupkg and .snupkg files.</summary>
    public string Feed { get; }

    /// <summary>The path of package <paramref name="id"/> in the feed.</summary>
    public string Package(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    /// <summary>Every library project under src/ (what a release publishes), plus the CPU backend; the GPU backends
    /// need their ~600 MB of npm packages, so they are packed only when asked for (see README).</summary>
    public static IEnumerable<string> PackableProjects()
    {
        var src = Path.Combine(TestPaths.RepositoryRoot, "src");
        var backends = Path.Combine(src, "Backends");
        return Directory.EnumerateFiles(src, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.StartsWith(backends, StringComparison.Ordinal))
            .Append(Path.Combine(backends, "LocalKernel.Backend.Cpu", "LocalKernel.Backend.Cpu.csproj"))
            .Order(StringComparer.Ordinal);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
