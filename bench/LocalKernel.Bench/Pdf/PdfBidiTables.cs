using System.Text;

namespace LocalKernel.Bench;

/// <summary>The bidirectional data of <c>PdfBidi.Data.cs</c>, from the Unicode Character Database files:
/// DerivedBidiClass.txt (with the defaults its @missing lines give unassigned code points) merged into ranges, and
/// BidiMirroring.txt's pairs.</summary>
internal static class PdfBidiTables
{
    private static readonly Dictionary<string, string> LongNames = new(StringComparer.Ordinal)
    {
        ["Left_To_Right"] = "L", ["Right_To_Left"] = "R", ["Arabic_Letter"] = "AL", ["European_Number"] = "EN",
        ["European_Separator"] = "ES", ["European_Terminator"] = "ET", ["Arabic_Number"] = "AN", ["Common_Separator"] = "CS",
        ["Nonspacing_Mark"] = "NSM", ["Boundary_Neutral"] = "BN", ["Paragraph_Separator"] = "B", ["Segment_Separator"] = "S",
        ["White_Space"] = "WS", ["Other_Neutral"] = "ON",
    };

    public static string Generate(string ucd, string header)
    {
        var classes = new string[0x110000];
        var derived = File.ReadAllLines(Path.Combine(ucd, "extracted", "DerivedBidiClass.txt"));
        foreach (var line in derived.Where(l => l.StartsWith("# @missing:", StringComparison.Ordinal)))
        {
            // "# @missing: 0590..05FF; Right_To_Left" — later lines refine earlier ones, as the file says.
            var fields = line["# @missing:".Length..].Split(';', StringSplitOptions.TrimEntries);
            Fill(classes, fields[0], LongNames.GetValueOrDefault(fields[1], "ON"));
        }

        foreach (var line in derived.Where(l => l.Length > 0 && l[0] != '#'))
        {
            var fields = line.Split('#')[0].Split(';', StringSplitOptions.TrimEntries);
            Fill(classes, fields[0], fields[1]);
        }

        var ranges = new List<string>();
        for (int cp = 0; cp < classes.Length; cp++)
        {
            if (cp == 0 || classes[cp] != classes[cp - 1])
            {
                ranges.Add($"{cp:X} {classes[cp]}");
            }
        }

        var mirrors = new List<string>();
        foreach (var line in File.ReadAllLines(Path.Combine(ucd, "BidiMirroring.txt")))
        {
            var fields = line.Split('#')[0].Split(';', StringSplitOptions.TrimEntries);
            if (fields.Length == 2 && fields[0].Length > 0)
            {
                mirrors.Add($"{fields[0]} {fields[1]}");
            }
        }

        string version = derived.FirstOrDefault(l => l.StartsWith("# DerivedBidiClass-", StringComparison.Ordinal))?[2..] ?? "DerivedBidiClass.txt";
        var sb = new StringBuilder();
        sb.AppendLine(header);
        sb.AppendLine($"// Source: Unicode Character Database ({version}, BidiMirroring.txt), © Unicode, Inc., Unicode License v3.");
        sb.AppendLine();
        sb.AppendLine("namespace LocalKernel.Rag;");
        sb.AppendLine();
        sb.AppendLine("/// <summary>Bidirectional classes (first code point of each range, hexadecimal, and its class; a range runs to the");
        sb.AppendLine("/// next one) and mirrored-glyph pairs.</summary>");
        sb.AppendLine("internal static partial class PdfBidi");
        sb.AppendLine("{");
        sb.AppendLine("    private const string ClassRanges = \"\"\"");
        sb.Append(Wrap(ranges, 16));
        sb.AppendLine("        \"\"\";");
        sb.AppendLine();
        sb.AppendLine("    private const string MirrorPairs = \"\"\"");
        sb.Append(Wrap(mirrors, 16));
        sb.AppendLine("        \"\"\";");
        sb.AppendLine("}");
        return sb.ToString();
    }

    private static void Fill(string[] classes, string range, string value)
    {
        var ends = range.Split("..");
        int first = Convert.ToInt32(ends[0], 16), last = Convert.ToInt32(ends[^1], 16);
        Array.Fill(classes, value, first, last - first + 1);
    }

    private static string Wrap(List<string> items, int perLine)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < items.Count; i += perLine)
        {
            sb.Append("        ").AppendLine(string.Join("  ", items.Skip(i).Take(perLine)));
        }

        return sb.ToString();
    }
}
