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

    private static byte[] GenerateTinyModel() => GgufMutator.GenerateTinyModel();

    private static Outcome RunCase(byte[] original, int headerLength, int index)
    {
        var (bytes, description) = GgufMutator.Mutate(original, headerLength, index);
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
