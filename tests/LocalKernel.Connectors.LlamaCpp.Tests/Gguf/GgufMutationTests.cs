using LocalKernel.Testing;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// Property: whatever bytes a damaged model file holds, reading it either succeeds or throws
/// <see cref="GgufFormatException"/>: never another exception type, never a hang.
/// </summary>
public sealed class GgufMutationTests
{
    private const int CaseCount = 400;

    [Fact]
    public async Task Damaged_copies_of_a_generated_model_read_or_fail_with_GgufFormatException()
    {
        var original = GenerateTinyModel();
        var headerLength = (int)GgufReader.Read(new MemoryStream(original)).DataOffset;

        // The whole run is bounded so that a reader that loops forever fails the test instead of stalling the suite.
        var outcomes = await Task.Run(() => Enumerable.Range(0, CaseCount).Select(i => RunCase(original, headerLength, i)).ToList())
            .WaitAsync(TimeSpan.FromMinutes(2));

        var unexpected = outcomes.Where(o => o.Unexpected is not null).ToList();
        Assert.True(unexpected.Count == 0, string.Join(Environment.NewLine, unexpected.Select(o => $"case {o.Case}: {o.Description}: {o.Unexpected}")));

        // The mutations are meant to hit the validation: both outcomes must actually occur.
        Assert.Contains(outcomes, o => o.Rejected);
        Assert.Contains(outcomes, o => !o.Rejected);
    }

    private static byte[] GenerateTinyModel()
    {
        var stream = new MemoryStream();
        TestModelGenerator.Write(TestModelSpec.Tiny with { WeightType = GgmlType.Q8_0 }, stream);
        return stream.ToArray();
    }

    private static Outcome RunCase(byte[] original, int headerLength, int index)
    {
        var random = new DeterministicRandom(DeterministicRandom.DeriveSeed(20240601, $"case {index}"));
        var bytes = (byte[])original.Clone();
        string description;
        if (random.NextInt(8) == 0)
        {
            var length = random.NextInt(original.Length);
            bytes = bytes[..length];
            description = $"truncated to {length} bytes";
        }
        else
        {
            var count = 1 + random.NextInt(8);
            var changes = new List<string>();
            for (var m = 0; m < count; m++)
            {
                // Mostly in the header, where the structure is; sometimes anywhere.
                var position = random.NextInt(4) == 0 ? random.NextInt(bytes.Length) : random.NextInt(headerLength);
                var value = (byte)random.NextInt(256);
                changes.Add($"[{position}]={value}");
                bytes[position] = value;
            }

            description = "mutated " + string.Join(' ', changes);
        }

        try
        {
            GgufReader.Read(new MemoryStream(bytes));
            return new Outcome(index, description, Rejected: false, Unexpected: null);
        }
        catch (GgufFormatException)
        {
            return new Outcome(index, description, Rejected: true, Unexpected: null);
        }
        catch (Exception ex)
        {
            return new Outcome(index, description, Rejected: true, Unexpected: ex.ToString());
        }
    }

    private sealed record Outcome(int Case, string Description, bool Rejected, string? Unexpected);
}
