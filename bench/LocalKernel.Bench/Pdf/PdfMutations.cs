namespace LocalKernel.Bench;

/// <summary>A damaged copy of a corpus file and the kind of damage.</summary>
internal sealed record PdfMutant(string Kind, PdfCorpusFile Source, string Path);

/// <summary>Fixed-seed damage to real files: truncation at a random point (a download cut short), 100 random byte
/// flips (a bad disk), and a few structural edits (bytes set to PDF delimiters or cleared), as in the unit tests.</summary>
internal static class PdfMutations
{
    public const int Seed = 18;

    public static List<PdfMutant> Make(IReadOnlyList<PdfCorpusFile> sources, string directory, int truncations, int flips, int edits)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(Seed);
        var mutants = new List<PdfMutant>();
        for (int s = 0; s < sources.Count; s++)
        {
            var original = File.ReadAllBytes(sources[s].Path);
            for (int i = 0; i < truncations; i++)
            {
                int cut = (int)(original.Length * (0.05 + (0.9 * random.NextDouble())));
                mutants.Add(Write(directory, "truncated", sources[s], s, i, original[..cut]));
            }

            for (int i = 0; i < flips; i++)
            {
                var bytes = (byte[])original.Clone();
                for (int k = 0; k < 100; k++)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                mutants.Add(Write(directory, "flip100", sources[s], s, i, bytes));
            }

            for (int i = 0; i < edits; i++)
            {
                var bytes = (byte[])original.Clone();
                int damage = random.Next(1, 40);
                for (int k = 0; k < damage; k++)
                {
                    int at = random.Next(bytes.Length);
                    switch (random.Next(3))
                    {
                        case 0: bytes[at] = (byte)random.Next(256); break;
                        case 1: bytes[at] = (byte)"()<>[]/{}0123456789 \n"[random.Next(21)]; break;
                        default: Array.Clear(bytes, at, Math.Min(random.Next(1, 64), bytes.Length - at)); break;
                    }
                }

                mutants.Add(Write(directory, "edits", sources[s], s, i, bytes));
            }
        }

        return mutants;
    }

    private static PdfMutant Write(string directory, string kind, PdfCorpusFile source, int s, int i, byte[] bytes)
    {
        var path = Path.Combine(directory, $"{s:D2}-{kind}-{i}.pdf");
        File.WriteAllBytes(path, bytes);
        return new PdfMutant(kind, source, path);
    }
}
