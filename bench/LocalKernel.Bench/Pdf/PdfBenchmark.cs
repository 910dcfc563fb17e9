using System.Diagnostics;
using System.Globalization;
using LocalKernel.Testing;

namespace LocalKernel.Bench;

/// <summary>
/// Our PDF reader against <c>pdftotext</c> (poppler, the oracle) and PdfPig 0.1.16 (content order, its recommended
/// extractor) on real documentation PDFs (<see cref="PdfCorpus"/>), per producer group: word recall, precision, order
/// (word bigrams) and pages/s; and, in the summary lines, PdfPig's glyphs laid out by our layout (the combination the
/// issue measured best). Then fixed-seed damaged copies (<see cref="PdfMutations"/>): what each reader answers
/// (text, empty, typed error, untyped exception, hang, crash, memory), its peak memory, and the share of the original's
/// words it salvages. Every extraction runs in a child process (<see cref="PdfBenchWorker"/>).
/// Then complex scripts against the text they were printed from (<see cref="PdfScriptSamples"/>).
/// Options: <c>--cache dir</c> (default .cache/pdf-corpus), <c>--pdfpig off</c>, <c>--scripts off</c>, <c>--mutants off</c>.
/// result: recall, precision, order, weak_files (recall &lt; 0.95), untyped, hangs, crashes, salvage; then PdfPig's.
/// </summary>
internal static class PdfBenchmark
{
    private const double WeakRecall = 0.95;
    private static readonly TimeSpan FileTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan MutantTimeout = TimeSpan.FromSeconds(10);

    private sealed record EngineResult(PdfRunOutcome Run, PdfScores Main, PdfScores LettersOrDigits, PdfScores Earlier)
    {
        public double Recall => Main.Recall;

        public double Precision => Main.Precision;

        public double Order => Main.Order;
    }

    private sealed record FileResult(PdfCorpusFile File, int Pages, double OracleSeconds, EngineResult Ours, EngineResult? Pig, EngineResult? PigLetters, bool AlphabeticScript);

    public static int Run(BenchArguments arguments)
    {
        var cache = Path.GetFullPath(arguments.Get("cache") ?? Path.Combine(TestPaths.RepositoryRoot, ".cache", "pdf-corpus"));
        bool withPig = arguments.Get("pdfpig") != "off";
        if (!HasPdftotext())
        {
            Console.WriteLine("pdftotext (poppler-utils) is needed as the oracle: apt-get install poppler-utils");
            return 1;
        }

        var corpus = PdfCorpus.Gather(cache);
        if (corpus is null)
        {
            return 1;
        }

        var work = Path.Combine(cache, "work");
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        Directory.CreateDirectory(work);
        using var worker = new PdfWorkerProcess(2L * 1024 * 1024 * 1024);
        Console.WriteLine($"{corpus.Count} files; oracle pdftotext; peer PdfPig 0.1.16 content order; each extraction in a child process");
        Console.WriteLine("words: whitespace tokens, NFKC, lower-cased, end punctuation trimmed; bidi embeddings separate words; lone list bullets and table bars dropped on both sides");
        Console.WriteLine($"{"file",-34} {"pages",5} {"ours R",7} {"P",6} {"order",6} {"pig R",7} {"P",6} {"order",6}  note");
        var results = new List<FileResult>();
        foreach (var file in corpus)
        {
            var oracleText = Pdftotext(file.Path, Path.Combine(work, "oracle.txt"), null, out double oracleSeconds, out _);
            int pages = oracleText.Count(c => c == '\f');
            var ours = Measure(worker, "ours", file.Path, Path.Combine(work, "ours.txt"), oracleText, FileTimeout);
            var pig = withPig ? Measure(worker, "pdfpig", file.Path, Path.Combine(work, "pig.txt"), oracleText, FileTimeout) : null;
            var pigLetters = withPig ? Measure(worker, "pig-letters", file.Path, Path.Combine(work, "pig-letters.txt"), oracleText, FileTimeout) : null;
            results.Add(new FileResult(file, pages, oracleSeconds, ours, pig, pigLetters, IsAlphabeticScript(oracleText)));
            string note = ours.Run.Outcome == "text" ? string.Empty : $"ours: {ours.Run.Outcome} {Trim(ours.Run.Detail)}";
            note += pig is null || pig.Run.Outcome == "text" ? string.Empty : $" pig: {pig.Run.Outcome} {Trim(pig.Run.Detail)}";
            Console.WriteLine($"{Trim(file.Package + "/" + file.Name, 34),-34} {pages,5} {ours.Recall,7:F3} {ours.Precision,6:F3} {ours.Order,6:F3} "
                + $"{pig?.Recall,7:F3} {pig?.Precision,6:F3} {pig?.Order,6:F3}  {note}");
        }

        PrintGroups(results, withPig);
        PrintCounting("counting only tokens with a letter or digit", results, r => r.LettersOrDigits, withPig);
        PrintCounting("counted as until session 5 (table bars as words, bidi embeddings deleted)", results, r => r.Earlier, withPig);
        var shipped = results.Where(r => !r.File.Made).ToList();
        PrintCounting($"PDFs shipped in packages, the corpus of sessions 1-5 ({shipped.Count})", shipped, r => r.Main, withPig);
        var alphabetic = results.Where(r => r.AlphabeticScript).ToList();
        var complex = results.Where(r => !r.AlphabeticScript).ToList();
        PrintCounting($"files in Latin, Greek or Cyrillic script ({alphabetic.Count})", alphabetic, r => r.Main, withPig);
        PrintCounting($"files with other scripts, where pdftotext is a weaker oracle (see below) ({complex.Count}: {string.Join(", ", complex.Select(r => r.File.Name))})", complex, r => r.Main, withPig);
        PrintPageLimit(cache, work, worker);
        var summary = new List<string>
        {
            Key("recall", results.Average(r => r.Ours.Recall)),
            Key("precision", results.Average(r => r.Ours.Precision)),
            Key("order", results.Average(r => r.Ours.Order)),
            $"weak_files={results.Count(r => r.Ours.Recall < WeakRecall)}",
            Key("word_recall", results.Average(r => r.Ours.LettersOrDigits.Recall)),
            Key("word_order", results.Average(r => r.Ours.LettersOrDigits.Order)),
            Key("alphabetic_recall", results.Where(r => r.AlphabeticScript).Average(r => r.Ours.Recall)),
            Key("alphabetic_order", results.Where(r => r.AlphabeticScript).Average(r => r.Ours.Order)),
            Key("shipped_recall", shipped.Average(r => r.Ours.Recall)),
            Key("shipped_order", shipped.Average(r => r.Ours.Order)),
            $"shipped_weak_files={shipped.Count(r => r.Ours.Recall < WeakRecall)}",
            Key("earlier_recall", results.Average(r => r.Ours.Earlier.Recall)),
            Key("earlier_order", results.Average(r => r.Ours.Earlier.Order)),
        };

        if (arguments.Get("scripts") != "off")
        {
            summary.AddRange(PdfScriptSamples.Run(cache, work, worker, withPig, FileTimeout));
        }

        if (arguments.Get("mutants") != "off")
        {
            summary.AddRange(Mutations(corpus, results, work, worker, withPig));
        }

        if (withPig)
        {
            summary.Add(Key("pdfpig_recall", results.Average(r => r.Pig!.Recall)));
            summary.Add(Key("pdfpig_order", results.Average(r => r.Pig!.Order)));
            summary.Add($"pdfpig_weak_files={results.Count(r => r.Pig!.Recall < WeakRecall)}");
            summary.Add(Key("pig_letters_recall", results.Average(r => r.PigLetters!.Recall)));
            summary.Add(Key("pig_letters_order", results.Average(r => r.PigLetters!.Order)));
            summary.Add($"pig_letters_weak_files={results.Count(r => r.PigLetters!.Recall < WeakRecall)}");
        }

        double ourSeconds = results.Sum(r => r.Ours.Run.Seconds), oracleTotal = results.Sum(r => r.OracleSeconds);
        summary.Add(Key("pages_per_s", results.Sum(r => r.Pages) / ourSeconds, "F0"));
        summary.Add(Key("speed_vs_pdftotext", oracleTotal / ourSeconds, "F2"));
        Console.WriteLine("result: " + string.Join(' ', summary));
        return 0;
    }

    private static EngineResult Measure(PdfWorkerProcess worker, string engine, string input, string output, string oracleText, TimeSpan timeout)
    {
        var run = worker.Run(engine, input, output, timeout);
        string text = run.Outcome == "text" && File.Exists(output) ? File.ReadAllText(output) : string.Empty;
        return new EngineResult(run, PdfTextMetrics.Score(oracleText, text), PdfTextMetrics.Score(oracleText, text, PdfWordCounting.LettersOrDigits),
            PdfTextMetrics.Score(oracleText, text, PdfWordCounting.Earlier));
    }

    private static void PrintGroups(List<FileResult> results, bool withPig)
    {
        Console.WriteLine();
        Console.WriteLine("per producer group (means over files; pages/s over the group's pages; weak = files under 0.95 recall)");
        Console.WriteLine($"{"group",-18} {"files",5} {"pages",6} | {"ours R",6} {"P",5} {"order",5} {"weak",4} {"p/s",6} | {"pig R",6} {"P",5} {"order",5} {"weak",4} {"p/s",6} | {"pdftotext p/s",13}");
        foreach (var group in results.GroupBy(r => r.File.Group).Append(results.GroupBy(_ => "all").Single()))
        {
            var g = group.ToList();
            int pages = g.Sum(r => r.Pages);
            string Row(Func<FileResult, EngineResult?> pick) =>
                $"{g.Average(r => pick(r)!.Recall),6:F3} {g.Average(r => pick(r)!.Precision),5:F3} {g.Average(r => pick(r)!.Order),5:F3} "
                + $"{g.Count(r => pick(r)!.Recall < WeakRecall),4} {pages / Math.Max(1e-6, g.Sum(r => pick(r)!.Run.Seconds)),6:F0}";
            Console.WriteLine($"{group.Key,-18} {g.Count,5} {pages,6} | {Row(r => r.Ours)} | {(withPig ? Row(r => r.Pig) : string.Empty),-32} | {pages / g.Sum(r => r.OracleSeconds),13:F0}");
        }
    }

    /// <summary>Whether at least 95 % of the oracle's letters are Latin, Greek or Cyrillic: the scripts pdftotext reads
    /// well. The split is by script, decided from the oracle's text before any reader is scored.</summary>
    private static bool IsAlphabeticScript(string oracleText)
    {
        int letters = 0, alphabetic = 0;
        foreach (char c in oracleText)
        {
            if (char.IsLetter(c))
            {
                letters++;
                alphabetic += c < '\u0530' || c is (>= '\u1D00' and <= '\u1FFF') or (>= '\u2C60' and <= '\u2C7F') or (>= '\uA720' and <= '\uA7FF') or (>= '\uFB00' and <= '\uFB06') ? 1 : 0;
            }
        }

        return letters == 0 || alphabetic >= 0.95 * letters;
    }

    private static void PrintCounting(string title, List<FileResult> results, Func<EngineResult, PdfScores> pick, bool withPig)
    {
        string Row(Func<FileResult, EngineResult> engine) =>
            $"R {results.Average(r => pick(engine(r)).Recall):F3} P {results.Average(r => pick(engine(r)).Precision):F3} "
            + $"order {results.Average(r => pick(engine(r)).Order):F3} weak {results.Count(r => pick(engine(r)).Recall < WeakRecall)}";
        Console.WriteLine($"{title}: ours {Row(r => r.Ours)}"
            + (withPig ? $"; PdfPig {Row(r => r.Pig!)}; PdfPig's letters in our layout {Row(r => r.PigLetters!)}" : string.Empty));
    }

    private static void PrintPageLimit(string cache, string work, PdfWorkerProcess worker)
    {
        if (PdfCorpus.Find(Path.Combine(cache, "tree"), PdfCorpus.OverPageLimit.Package, PdfCorpus.OverPageLimit.Suffix) is not { } path)
        {
            return;
        }

        var run = worker.Run("ours", path, Path.Combine(work, "limit.txt"), FileTimeout);
        var oracle = PdfTextMetrics.Words(Pdftotext(path, Path.Combine(work, "limit-oracle.txt"), 2000, out _, out _));
        var words = run.Outcome == "text" ? PdfTextMetrics.Words(File.ReadAllText(Path.Combine(work, "limit.txt"))) : [];
        Console.WriteLine();
        Console.WriteLine($"over the default page limit: R refman.pdf (2,415 pages) -> {run.Outcome}, {run.Seconds:F1} s, peak {run.PeakBytes / 1048576} MB, "
            + $"recall of pdftotext's first 2,000 pages {PdfTextMetrics.Overlap(oracle, words).Recall:F3}; {Trim(run.Detail, 160)}");
    }

    private static List<string> Mutations(List<PdfCorpusFile> corpus, List<FileResult> results, string work, PdfWorkerProcess worker, bool withPig)
    {
        // One small file per group (eleven groups since the made files: 11 sources, 33 hundred-flip mutants); with fewer
        // groups, the next small pdfTeX and FOP files make up ten.
        var small = results.Where(r => r.Pages is > 0 and <= 120 && new FileInfo(r.File.Path).Length < 3_000_000).ToList();
        var sources = small.GroupBy(r => r.File.Group).Select(g => g.First().File).ToList();
        sources.AddRange(small.Where(r => r.File.Group is "pdfTeX" or "Apache FOP").Select(r => r.File).Except(sources).Take(10 - sources.Count));
        var mutants = PdfMutations.Make(sources, Path.Combine(work, "mutants"), truncations: 6, flips: 3, edits: 6);
        var originals = sources.ToDictionary(s => s, s => PdfTextMetrics.Words(Pdftotext(s.Path, Path.Combine(work, "m-oracle.txt"), null, out _, out _)));
        var engines = withPig ? new[] { "ours", "pdfpig", "pdftotext" } : ["ours", "pdftotext"];
        var outcomes = engines.ToDictionary(e => e, _ => new List<(PdfMutant Mutant, PdfRunOutcome Run, double Salvage)>());
        foreach (var mutant in mutants)
        {
            foreach (var engine in engines)
            {
                string output = Path.Combine(work, $"m-{engine}.txt");
                PdfRunOutcome run;
                if (engine == "pdftotext")
                {
                    var text = Pdftotext(mutant.Path, output, null, out double seconds, out string outcome);
                    run = new PdfRunOutcome(outcome, seconds, 0, string.Empty, 0);
                }
                else
                {
                    run = worker.Run(engine, mutant.Path, output, MutantTimeout);
                }

                var words = run.Outcome == "text" && File.Exists(output) ? PdfTextMetrics.Words(File.ReadAllText(output)) : [];
                if (run.Outcome == "text" && words.Count == 0)
                {
                    run = run with { Outcome = "empty" };
                }

                outcomes[engine].Add((mutant, run, PdfTextMetrics.Overlap(originals[mutant.Source], words).Recall));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"damaged copies (seed {PdfMutations.Seed}): {mutants.Count} from {sources.Count} files — "
            + $"{mutants.Count(m => m.Kind == "truncated")} truncated, {mutants.Count(m => m.Kind == "flip100")} with 100 byte flips, {mutants.Count(m => m.Kind == "edits")} with 1-40 edits; "
            + $"hang = no answer in {MutantTimeout.TotalSeconds:F0} s; salvage = share of the original's words (pdftotext) returned");
        string[] kinds = ["text", "empty", "typed", "untyped", "hang", "crash", "memory"];
        Console.WriteLine($"{"reader",-10} {string.Join(' ', kinds.Select(k => $"{k,7}"))} {"peak MB",8} {"max s",6} {"salvage",8} {"trunc",6} {"flip100 text",13}");
        foreach (var (engine, list) in outcomes)
        {
            var flips = list.Where(o => o.Mutant.Kind == "flip100").ToList();
            Console.WriteLine($"{engine,-10} {string.Join(' ', kinds.Select(k => $"{list.Count(o => o.Run.Outcome == k),7}"))} "
                + $"{(engine == "pdftotext" ? "-" : (list.Max(o => o.Run.PeakBytes) / 1048576).ToString(CultureInfo.InvariantCulture)),8} {list.Max(o => o.Run.Seconds),6:F1} "
                + $"{list.Average(o => o.Salvage),8:F3} {list.Where(o => o.Mutant.Kind == "truncated").Average(o => o.Salvage),6:F3} {flips.Count(o => o.Run.Outcome == "text"),6}/{flips.Count}");
            foreach (var o in list.Where(o => o.Run.Outcome is "untyped" or "crash" or "hang" or "memory").Take(5))
            {
                Console.WriteLine($"    {o.Run.Outcome}: {Path.GetFileName(o.Mutant.Path)} ({o.Mutant.Source.Name}) {Trim(o.Run.Detail, 120)}");
            }
        }

        var ours = outcomes["ours"];
        var result = new List<string>
        {
            $"untyped={ours.Count(o => o.Run.Outcome == "untyped")}",
            $"hangs={ours.Count(o => o.Run.Outcome == "hang")}",
            $"crashes={ours.Count(o => o.Run.Outcome == "crash")}",
            Key("salvage", ours.Average(o => o.Salvage)),
            Key("pdftotext_salvage", outcomes["pdftotext"].Average(o => o.Salvage)),
            $"flip100_text={ours.Count(o => o.Mutant.Kind == "flip100" && o.Run.Outcome == "text")}/{ours.Count(o => o.Mutant.Kind == "flip100")}",
            $"peak_mb={ours.Max(o => o.Run.PeakBytes) / 1048576}",
        };
        if (withPig)
        {
            result.Add($"pdfpig_untyped={outcomes["pdfpig"].Count(o => o.Run.Outcome == "untyped")}");
            result.Add($"pdfpig_crashes={outcomes["pdfpig"].Count(o => o.Run.Outcome is "crash" or "hang" or "memory")}");
        }

        return result;
    }

    public static string Pdftotext(string input, string output, int? lastPage, out double seconds, out string outcome)
    {
        var start = new ProcessStartInfo("pdftotext") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-enc", "UTF-8" }.Concat(lastPage is int l ? ["-l", l.ToString(CultureInfo.InvariantCulture)] : []).Concat([input, output]))
        {
            start.ArgumentList.Add(a);
        }

        File.Delete(output);
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(MutantTimeout * 6))
        {
            process.Kill(entireProcessTree: true);
            seconds = stopwatch.Elapsed.TotalSeconds;
            outcome = "hang";
            return string.Empty;
        }

        seconds = stopwatch.Elapsed.TotalSeconds;
        _ = stderr.Result;
        outcome = process.ExitCode == 0 ? "text" : process.ExitCode > 128 || process.ExitCode < 0 ? "crash" : "typed";
        return File.Exists(output) ? File.ReadAllText(output) : string.Empty;
    }

    private static bool HasPdftotext()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftotext", "-v") { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    public static string Key(string name, double value, string format = "F3") => $"{name}={value.ToString(format, CultureInfo.InvariantCulture)}";

    private static string Trim(string text, int length = 60) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
