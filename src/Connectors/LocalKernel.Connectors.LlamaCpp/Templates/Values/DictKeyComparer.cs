namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Key equality for <see cref="DictValue"/>: strings by ordinal, numbers and booleans by numeric value (Python's
/// <c>{1: 'a'}[True]</c> finds the entry), none with none, anything else by reference.
/// </summary>
internal sealed class DictKeyComparer : IEqualityComparer<JinjaValue>
{
    public static readonly DictKeyComparer Instance = new();

    public bool Equals(JinjaValue? x, JinjaValue? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        return (x, y) switch
        {
            (StringValue a, StringValue b) => string.Equals(a.Value, b.Value, StringComparison.Ordinal),
            (NoneValue, NoneValue) => true,
            _ when Numbers.TryGetNumber(x, out var a) && Numbers.TryGetNumber(y, out var b) => a == b,
            _ => false,
        };
    }

    public int GetHashCode(JinjaValue obj) => obj switch
    {
        StringValue s => StringComparer.Ordinal.GetHashCode(s.Value),
        NoneValue => 0,
        _ when Numbers.TryGetNumber(obj, out var number) => number.GetHashCode(),
        _ => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj),
    };
}
