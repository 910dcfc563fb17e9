using System.IO.Compression;
using System.Xml.Linq;

namespace LocalKernel.Packaging.Tests;

/// <summary>What the packed packages carry: metadata, docs and symbols for the libraries; the native files, in the
/// runtimes/ layout, for the backends.</summary>
[Collection(PackageFeedCollection.Name)]
public sealed class PackageContentTests(PackageFeedFixture feed)
{
    public static TheoryData<string> Libraries() => [.. PackageFeedFixture.PackableProjects()
        .Select(Path.GetFileNameWithoutExtension)
        .Where(id => !id!.StartsWith("LocalKernel.Backend.", StringComparison.Ordinal))
        .Select(id => id!)];

    [Theory]
    [MemberData(nameof(Libraries))]
    public void A_library_package_has_complete_metadata_its_xml_docs_and_a_symbol_package(string id)
    {
        using var package = ZipFile.OpenRead(feed.Package(id));
        var metadata = Nuspec(package);

        Assert.Equal(id, Value(metadata, "id"));
        Assert.Equal(PackageFeedFixture.Version, Value(metadata, "version"));
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "description")));
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "authors")));
        Assert.Equal("MIT", Value(metadata, "license"));
        Assert.Equal("README.md", Value(metadata, "readme"));
        Assert.Contains("llama.cpp", Value(metadata, "tags"), StringComparison.Ordinal);
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? ""); // SourceLink: the exact sources

        Assert.Contains(package.Entries, e => e.FullName == $"lib/net10.0/{id}.dll");
        Assert.Contains(package.Entries, e => e.FullName == $"lib/net10.0/{id}.xml");
        Assert.Contains(package.Entries, e => e.FullName == "README.md");
        Assert.True(File.Exists(Path.ChangeExtension(feed.Package(id), ".snupkg")), "no symbol package");
        Assert.DoesNotContain(package.Entries, e => e.FullName.EndsWith(".so", StringComparison.Ordinal)); // natives come from a backend package
    }

    [Fact]
    public void The_cpu_backend_carries_every_cpu_variant_under_runtimes_and_nothing_else()
    {
        using var package = ZipFile.OpenRead(feed.Package("LocalKernel.Backend.Cpu"));
        var natives = package.Entries.Where(e => e.FullName.StartsWith("runtimes/", StringComparison.Ordinal)).Select(e => e.FullName).ToList();

        Assert.All(natives, n => Assert.StartsWith("runtimes/linux-x64/native/localkernel-cpu/", n));
        Assert.Contains("runtimes/linux-x64/native/localkernel-cpu/libllama.v0.5.0.so", natives);
        Assert.Contains("runtimes/linux-x64/native/localkernel-cpu/libggml.v0.5.0.so", natives);
        Assert.Contains("runtimes/linux-x64/native/localkernel-cpu/libggml-base.so", natives);
        Assert.True(natives.Count(n => n.Contains("/libggml-cpu-", StringComparison.Ordinal)) >= 10, string.Join('\n', natives));
        Assert.DoesNotContain(package.Entries, e => e.FullName.StartsWith("lib/", StringComparison.Ordinal));
        Assert.DoesNotContain(natives, n => n.EndsWith(".node", StringComparison.Ordinal) || n.Contains("libllama-common", StringComparison.Ordinal));
        Assert.DoesNotContain(Nuspec(package).Descendants(), d => d.Name.LocalName == "dependency");
    }

    /// <summary>
    /// The CUDA backend is packed by the same command as the CPU one (`dotnet pack src/Backends/LocalKernel.Backend.Cuda`),
    /// which restores node-llama-cpp's CUDA packages (~560 MB) first. To keep CI fast, this test packs it from a
    /// stand-in of those packages with the real file names (empty files), and checks what lands where.
    /// </summary>
    [Fact]
    public void The_cuda_backend_packs_the_cuda_build_with_its_cuda12_fallback()
    {
        var modules = Path.Combine(feed.Root, "cuda-node-modules");
        var main = Path.Combine(modules, "linux-x64-cuda", "bins", "linux-x64-cuda");
        var fallback = Path.Combine(modules, "linux-x64-cuda-ext", "bins", "linux-x64-cuda", "fallback");
        Directory.CreateDirectory(main);
        Directory.CreateDirectory(fallback);
        foreach (var file in new[] { "libllama.cuda.v0.5.0.so", "libggml.cuda.v0.5.0.so", "libggml-base.so", "libggml-cuda.so", "libggml-cpu-x64.so",
                     "libggml-cpu-haswell.so", "libllama-common.so", "llama-addon.node", "_nlcBuildMetadata.json" })
        {
            File.WriteAllBytes(Path.Combine(main, file), []);
        }

        File.WriteAllBytes(Path.Combine(fallback, "libggml-cuda.so"), []);
        var output = Path.Combine(feed.Root, "cuda-feed");

        DotnetCli.Dotnet(TestPaths.RepositoryRoot, null, "pack", Path.Combine(TestPaths.RepositoryRoot, "src", "Backends", "LocalKernel.Backend.Cuda", "LocalKernel.Backend.Cuda.csproj"),
            "-c", "Release", "-o", output, "-p:Version=" + PackageFeedFixture.Version, "-p:LlamaNodeModules=" + modules + "/", "-nologo");

        using var package = ZipFile.OpenRead(Path.Combine(output, $"LocalKernel.Backend.Cuda.{PackageFeedFixture.Version}.nupkg"));
        var natives = package.Entries.Where(e => e.FullName.StartsWith("runtimes/", StringComparison.Ordinal)).Select(e => e.FullName).Order(StringComparer.Ordinal);
        const string folder = "runtimes/linux-x64/native/localkernel-cuda/";
        Assert.Equal(
            new[] { "fallback/libggml-cuda.so", "libggml-base.so", "libggml-cpu-haswell.so", "libggml-cpu-x64.so", "libggml-cuda.so", "libggml.cuda.v0.5.0.so", "libllama.cuda.v0.5.0.so" }
                .Select(f => folder + f).Order(StringComparer.Ordinal),
            natives);
    }

    private static XElement Nuspec(ZipArchive package)
    {
        using var stream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string Value(XElement metadata, string name) =>
        metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";
}
