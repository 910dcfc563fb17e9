using System.Globalization;
using System.Text;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Python's <c>strftime</c> for <c>strftime_now</c>, with English names whatever the machine's culture (chat
/// templates write dates into English system prompts). An unknown directive is kept as written.
/// </summary>
internal static class JinjaStrftime
{
    public static string Format(DateTimeOffset time, string format)
    {
        var invariant = CultureInfo.InvariantCulture;
        var result = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                result.Append(format[i]);
                continue;
            }

            // glibc's "%-d" drops the zero padding.
            var noPad = format[i + 1] == '-' && i + 2 < format.Length;
            var directive = noPad ? format[i + 2] : format[i + 1];
            string? text = directive switch
            {
                'Y' => time.Year.ToString(invariant),
                'y' => (time.Year % 100).ToString("00", invariant),
                'm' => time.Month.ToString("00", invariant),
                'd' => time.Day.ToString("00", invariant),
                'e' => time.Day.ToString(invariant).PadLeft(2),
                'H' => time.Hour.ToString("00", invariant),
                'I' => (time.Hour % 12 == 0 ? 12 : time.Hour % 12).ToString("00", invariant),
                'M' => time.Minute.ToString("00", invariant),
                'S' => time.Second.ToString("00", invariant),
                'f' => (time.Ticks % TimeSpan.TicksPerSecond / 10).ToString("000000", invariant),
                'p' => time.Hour < 12 ? "AM" : "PM",
                'b' or 'h' => invariant.DateTimeFormat.GetAbbreviatedMonthName(time.Month),
                'B' => invariant.DateTimeFormat.GetMonthName(time.Month),
                'a' => invariant.DateTimeFormat.GetAbbreviatedDayName(time.DayOfWeek),
                'A' => invariant.DateTimeFormat.GetDayName(time.DayOfWeek),
                'w' => ((int)time.DayOfWeek).ToString(invariant),
                'j' => time.DayOfYear.ToString("000", invariant),
                'z' => (time.Offset < TimeSpan.Zero ? "-" : "+") + time.Offset.ToString("hhmm", invariant),
                'F' => time.ToString("yyyy-MM-dd", invariant),
                'T' => time.ToString("HH:mm:ss", invariant),
                '%' => "%",
                _ => null,
            };
            if (text is null)
            {
                result.Append('%');
                continue;
            }

            if (noPad && text.Length > 1 && directive is 'd' or 'm' or 'H' or 'I' or 'M' or 'S' or 'j' or 'y')
            {
                text = text.TrimStart('0') is { Length: > 0 } trimmed ? trimmed : "0";
            }

            result.Append(text);
            i += noPad ? 2 : 1;
        }

        return result.ToString();
    }
}
