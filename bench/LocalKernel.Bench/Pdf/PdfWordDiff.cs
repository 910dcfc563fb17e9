namespace LocalKernel.Bench;

/// <summary>
/// <c>pdf-diff --oracle a.txt --ours b.txt [--top N]</c>: the words one text has and the other lacks, counted as the <c>pdf</c>
/// benchmark counts them (<see cref="PdfTextMetrics.Words"/>), most frequent first. For finding why one file scores low.
/// </summary>
internal static class PdfWordDiff
{
    public static int Run(BenchArguments arguments)
    {
        if (arguments.Get("oracle") is not { } oraclePath || arguments.Get("ours") is not { } oursPath)
        {
            Console.Error.WriteLine("usage: pdf-diff --oracle a.txt --ours b.txt [--top N]");
            return 2;
        }

        int top = int.TryParse(arguments.Get("top"), out int n) ? n : 40;
        var oracle = PdfTextMetrics.Words(File.ReadAllText(oraclePath));
        var ours = PdfTextMetrics.Words(File.ReadAllText(oursPath));
        var (recall, precision) = PdfTextMetrics.Overlap(oracle, ours);
        Console.WriteLine($"oracle {oracle.Count} words, ours {ours.Count}; recall {recall:F3} precision {precision:F3} order {PdfTextMetrics.Order(oracle, ours):F3}");
        Print("missing (oracle only)", Minus(oracle, ours), top);
        Print("extra (ours only)", Minus(ours, oracle), top);
        return 0;
    }

    private static Dictionary<string, int> Minus(List<string> a, List<string> b)
    {
        var counts = a.GroupBy(w => w, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var w in b)
        {
            if (counts.TryGetValue(w, out int c))
            {
                counts[w] = c - 1;
            }
        }

        return counts.Where(p => p.Value > 0).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    private static void Print(string title, Dictionary<string, int> counts, int top)
    {
        Console.WriteLine($"{title}: {counts.Values.Sum()} words, {counts.Count} distinct");
        foreach (var (word, count) in counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(top))
        {
            Console.WriteLine($"  {count,5}  {word}");
        }
    }
}
