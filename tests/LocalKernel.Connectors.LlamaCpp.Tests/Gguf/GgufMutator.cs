using LocalKernel.Testing;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>Deterministic damage to a GGUF file: truncations and byte changes, mostly in the header where the structure is.</summary>
internal static class GgufMutator
{
    public static byte[] GenerateTinyModel()
    {
        var stream = new MemoryStream();
        TestModelGenerator.Write(TestModelSpec.Tiny with { WeightType = GgmlType.Q8_0 }, stream);
        return stream.ToArray();
    }

    /// <summary>Case <paramref name="index"/>: the damaged bytes and a description of the damage.</summary>
    public static (byte[] Bytes, string Description) Mutate(byte[] original, int headerLength, int index)
    {
        var random = new DeterministicRandom(DeterministicRandom.DeriveSeed(20240601, $"case {index}"));
        var bytes = (byte[])original.Clone();
        if (random.NextInt(8) == 0)
        {
            var length = random.NextInt(original.Length);
            return (bytes[..length], $"truncated to {length} bytes");
        }

        var count = 1 + random.NextInt(8);
        var changes = new List<string>();
        for (var m = 0; m < count; m++)
        {
            var position = random.NextInt(4) == 0 ? random.NextInt(bytes.Length) : random.NextInt(headerLength);
            var value = (byte)random.NextInt(256);
            changes.Add($"[{position}]={value}");
            bytes[position] = value;
        }

        return (bytes, "mutated " + string.Join(' ', changes));
    }
}
