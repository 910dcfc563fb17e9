namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Key equality for <see cref="JinjaDict"/>: strings by ordinal, numbers and booleans by numeric value (Python's
/// <c>{1: 'a'}[True]</c> finds the entry), none with none, anything else by reference.
/// </summary>
internal sealed class JinjaDictKeyComparer : IEqualityComparer<JinjaValue>
{
    public static readonly JinjaDictKeyComparer Instance = new();

    public bool Equals(JinjaValue? x, JinjaValue? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        return (x, y) switch
        {
            (JinjaString a, JinjaString b) => string.Equals(a.Value, b.Value, StringComparison.Ordinal),
            (JinjaNone, JinjaNone) => true,
            _ when JinjaNumbers.TryGetNumber(x, out var a) && JinjaNumbers.TryGetNumber(y, out var b) => a == b,
            _ => false,
        };
    }

    public int GetHashCode(JinjaValue obj) => obj switch
    {
        JinjaString s => StringComparer.Ordinal.GetHashCode(s.Value),
        JinjaNone => 0,
        _ when JinjaNumbers.TryGetNumber(obj, out var number) => number.GetHashCode(),
        _ => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj),
    };
}
