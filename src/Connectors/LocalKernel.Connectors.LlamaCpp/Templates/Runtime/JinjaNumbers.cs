using System.Globalization;
using System.Text;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Number helpers. Numbers print as the reference engine (JavaScript) prints them: <c>0.1</c>, <c>1e-7</c>,
/// <c>1e+21</c>, and a float with no fraction as <c>2.0</c> when printed directly.
/// </summary>
internal static class JinjaNumbers
{
    public static bool TryGetNumber(JinjaValue? value, out double number)
    {
        switch (value)
        {
            case JinjaInteger i:
                number = i.Value;
                return true;
            case JinjaFloat f:
                number = f.Value;
                return true;
            case JinjaBoolean b:
                number = b.Value ? 1 : 0;
                return true;
            default:
                number = 0;
                return false;
        }
    }

    /// <summary>An integer or float result: integral when both operands were, as Python keeps int arithmetic.</summary>
    public static JinjaValue Result(double value, bool integral) =>
        integral && value is >= long.MinValue and < 9.2233720368547758E18 && Math.Floor(value) == value
            ? new JinjaInteger((long)value)
            : new JinjaFloat(value);

    /// <summary>How <c>{{ x }}</c> prints a float: <c>2.0</c>, <c>-0.0</c>, <c>0.5</c>.</summary>
    public static string FloatToOutput(double value)
    {
        if (value == 0 && double.IsNegative(value))
        {
            return "-0.0";
        }

        if (double.IsFinite(value) && Math.Floor(value) == value && Math.Abs(value) < 1e21)
        {
            return value.ToString("F1", CultureInfo.InvariantCulture);
        }

        return ToJsString(value);
    }

    /// <summary>JavaScript's Number.prototype.toString(): the shortest digits that round-trip, JS exponent rules.</summary>
    public static string ToJsString(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return "0";
        }

        var roundTrip = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = roundTrip.IndexOfAny(['E', 'e']);
        var mantissa = exponentAt < 0 ? roundTrip : roundTrip[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(roundTrip[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var n = (point < 0 ? mantissa.Length : point) + exponent;
        var leading = 0;
        while (leading < digits.Length - 1 && digits[leading] == '0')
        {
            leading++;
        }

        digits = digits[leading..].TrimEnd('0');
        n -= leading;
        var k = digits.Length;
        var result = new StringBuilder(value < 0 ? "-" : string.Empty);
        if (k <= n && n <= 21)
        {
            result.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            result.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            result.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            var e = n - 1;
            result.Append(digits[0]);
            if (k > 1)
            {
                result.Append('.').Append(digits, 1, k - 1);
            }

            result.Append('e').Append(e < 0 ? '-' : '+').Append(Math.Abs(e).ToString(CultureInfo.InvariantCulture));
        }

        return result.ToString();
    }

    /// <summary>JavaScript's ToNumber for a string, used when <c>==</c> compares a string with a number.</summary>
    public static double JsStringToNumber(string s)
    {
        var trimmed = JsWhitespace.Trim(s);
        if (trimmed.Length == 0)
        {
            return 0;
        }

        if (trimmed.StartsWith("0x", StringComparison.OrdinalIgnoreCase) &&
            long.TryParse(trimmed.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return hex;
        }

        return trimmed switch
        {
            "Infinity" or "+Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ when trimmed.All(c => char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-') &&
                   double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => double.NaN,
        };
    }
}
