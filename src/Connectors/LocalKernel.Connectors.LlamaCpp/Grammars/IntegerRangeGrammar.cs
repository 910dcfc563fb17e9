using System.Numerics;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// A GBNF expression for the integers of a range, written without leading zeros: the range is cut into pieces of
/// equal digit count, and each piece into a common prefix, one digit range and free trailing digits.
/// </summary>
internal static class IntegerRangeGrammar
{
    /// <summary>Digits of an unbounded integer, as in the plain integer rule.</summary>
    private const int MaxDigits = 16;

    /// <summary>The expression for min ≤ n ≤ max (either bound may be absent).</summary>
    /// <exception cref="ArgumentException">The range is empty.</exception>
    public static string Build(BigInteger? min, BigInteger? max)
    {
        if (min is { } lo && max is { } hi && lo > hi)
        {
            throw new ArgumentException($"The integer range [{lo}, {hi}] is empty.");
        }

        var alternatives = new List<string>();
        // Negative part: "-" followed by the magnitudes.
        if (min is null || min < 0)
        {
            BigInteger? magnitudeLow = max is { } m && m < 0 ? -m : 1;
            BigInteger? magnitudeHigh = min is { } n ? -n : null;
            alternatives.Add($"\"-\" ({NonNegative(magnitudeLow.Value, magnitudeHigh)})");
        }

        // Non-negative part.
        if (max is null || max >= 0)
        {
            var low = min is { } n && n > 0 ? n : 0;
            alternatives.Add(NonNegative(low, max));
        }

        return string.Join(" | ", alternatives);
    }

    /// <summary>Non-negative integers in [low, high] (high null: unbounded, up to <see cref="MaxDigits"/> digits).</summary>
    private static string NonNegative(BigInteger low, BigInteger? high)
    {
        var alternatives = new List<string>();
        int lowDigits = Digits(low);
        int highDigits = high is { } h ? Digits(h) : Math.Max(MaxDigits, lowDigits);
        for (int d = lowDigits; d <= highDigits; d++)
        {
            var pieceLow = BigInteger.Max(low, d == 1 ? 0 : BigInteger.Pow(10, d - 1));
            var pieceHigh = BigInteger.Pow(10, d) - 1;
            if (high is { } bound && bound < pieceHigh)
            {
                pieceHigh = bound;
            }

            if (high is null && pieceLow == BigInteger.Pow(10, d - 1) && d > lowDigits)
            {
                // Every longer number is allowed: one alternative covers all remaining lengths.
                alternatives.Add($"[1-9] [0-9]{{{d - 1},{highDigits - 1}}}");
                break;
            }

            alternatives.Add(SameLength(pieceLow.ToString(System.Globalization.CultureInfo.InvariantCulture),
                pieceHigh.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return string.Join(" | ", alternatives);
    }

    private static int Digits(BigInteger value) => value.IsZero ? 1 : value.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;

    /// <summary>Digit strings of equal length between <paramref name="low"/> and <paramref name="high"/> (leading zeros allowed inside).</summary>
    private static string SameLength(string low, string high)
    {
        if (low == high)
        {
            return Gbnf.Literal(low);
        }

        int i = 0;
        while (low[i] == high[i])
        {
            i++;
        }

        var prefix = i > 0 ? Gbnf.Literal(low[..i]) + " " : "";
        int rest = low.Length - i - 1;
        string lowRest = low[(i + 1)..], highRest = high[(i + 1)..];
        bool lowFloor = lowRest.All(c => c == '0');
        bool highCeiling = highRest.All(c => c == '9');
        var free = rest == 0 ? "" : rest == 1 ? " [0-9]" : $" [0-9]{{{rest}}}";

        var parts = new List<string>();
        char middleFrom = lowFloor ? low[i] : (char)(low[i] + 1);
        char middleTo = highCeiling ? high[i] : (char)(high[i] - 1);
        if (!lowFloor)
        {
            parts.Add($"\"{low[i]}\" ({SameLength(lowRest, new string('9', rest))})");
        }

        if (middleFrom <= middleTo)
        {
            parts.Add(DigitRange(middleFrom, middleTo) + free);
        }

        if (!highCeiling)
        {
            parts.Add($"\"{high[i]}\" ({SameLength(new string('0', rest), highRest)})");
        }

        var body = parts.Count == 1 ? parts[0] : "(" + string.Join(" | ", parts) + ")";
        return prefix + body;
    }

    private static string DigitRange(char from, char to) => from == to ? $"[{from}]" : $"[{from}-{to}]";
}
