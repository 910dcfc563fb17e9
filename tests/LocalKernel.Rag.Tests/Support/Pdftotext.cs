using System.Diagnostics;
using System.Text;

namespace LocalKernel.Rag.Tests;

/// <summary>Poppler's pdftotext, the oracle the PDF extractor is measured against.</summary>
internal static class Pdftotext
{
    public const string MissingMessage =
        "pdftotext is required by the PDF tests as the reference extractor: install the Debian/Ubuntu package poppler-utils (apt-get install -y poppler-utils).";

    /// <summary>The text pdftotext extracts from <paramref name="path"/> (reading order, no layout).</summary>
    public static string Extract(string path)
    {
        var start = new ProcessStartInfo("pdftotext")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-enc");
        start.ArgumentList.Add("UTF-8");
        start.ArgumentList.Add(path);
        start.ArgumentList.Add("-");
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException(MissingMessage);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(MissingMessage, ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(60_000))
            {
                process.Kill();
                throw new TimeoutException($"pdftotext did not finish on {path}.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"pdftotext failed on {path} (exit {process.ExitCode}): {error.Result}");
            }

            return output.Result;
        }
    }
}

/// <summary>Word multisets for recall measurements: lower-cased, punctuation and symbols stripped from both ends.</summary>
internal static class Words
{
    public static Dictionary<string, int> Bag(string text)
    {
        var bag = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var raw in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            string word = raw.Trim().Trim(Strippable()).ToLowerInvariant();
            if (word.Length > 0)
            {
                bag[word] = bag.GetValueOrDefault(word) + 1;
            }
        }

        return bag;
    }

    /// <summary>Share of the reference's words (with multiplicity) that the candidate also has.</summary>
    public static double Recall(Dictionary<string, int> candidate, Dictionary<string, int> reference)
    {
        int total = reference.Values.Sum();
        int found = reference.Sum(kv => Math.Min(kv.Value, candidate.GetValueOrDefault(kv.Key)));
        return total == 0 ? 1 : (double)found / total;
    }

    public static IEnumerable<string> Missing(Dictionary<string, int> candidate, Dictionary<string, int> reference) =>
        reference.Where(kv => candidate.GetValueOrDefault(kv.Key) < kv.Value).Select(kv => $"{kv.Key}×{kv.Value - candidate.GetValueOrDefault(kv.Key)}");

    private static char[] Strippable()
    {
        var chars = new List<char>();
        for (int c = 0; c < 0x3000; c++)
        {
            if (char.IsPunctuation((char)c) || char.IsSymbol((char)c))
            {
                chars.Add((char)c);
            }
        }

        return [.. chars];
    }
}
