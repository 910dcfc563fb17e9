using System.Diagnostics;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Rag;
using LocalKernel.Rag.Code;

namespace LocalKernel.Bench;

/// <summary>
/// Retrieval quality of the code assistant on this repository: questions (each with the files that answer it) are asked
/// of a fresh index of the repository, and a question counts as found when one of its files is among the top 5 passages.
/// Two sets: <c>code-questions.tsv</c> (36 questions; the retriever was tuned on them) and
/// <c>code-questions-heldout.tsv</c> (written afterwards and never used for tuning). <c>--set tuned|heldout|both</c>
/// (default both); <c>--embedding-model file.gguf|bundled</c> adds vector retrieval; <c>--store file</c> keeps the index
/// for a later run. Prints each question's rank and ends with
/// <c>result: recall5=… mrr5=… questions=… heldout_recall5=… heldout_mrr5=… heldout_questions=…</c>.
/// </summary>
internal static class CodeQuestionsBenchmark
{
    public static int Run(BenchArguments arguments)
    {
        var root = FindRepositoryRoot();
        string set = arguments.Get("set") ?? "both";
        var sets = new List<(string Name, string File)>();
        if (set is "tuned" or "both")
        {
            sets.Add(("tuned", "code-questions.tsv"));
        }

        if (set is "heldout" or "both")
        {
            sets.Add(("heldout", "code-questions-heldout.tsv"));
        }

        var keptStore = arguments.Get("store");
        var storePath = keptStore ?? Path.Combine(Path.GetTempPath(), $"lk-code-bench-{Environment.ProcessId}.db");
        LlamaModel? model = null;
        LlamaEmbeddingGenerator? generator = null;
        try
        {
            EmbeddingModelInfo? info = null;
            if (arguments.Get("embedding-model") is { } embedding)
            {
                var path = embedding == "bundled"
                    ? BundledEmbeddingModel.GetOrConvert(BundledEmbeddingModel.FindPackageAssembly()
                        ?? throw new InvalidOperationException($"The {BundledEmbeddingModel.PackageId} package is not restored."))
                    : embedding;
                model = LlamaModel.Load(path);
                generator = new LlamaEmbeddingGenerator(model, new LlamaEmbeddingGeneratorOptions { Threads = arguments.GetInts("threads", LlamaThreading.PhysicalCoreCount)[0], TruncateInputs = true });
                info = new EmbeddingModelInfo(generator.Metadata.DefaultModelId ?? Path.GetFileNameWithoutExtension(path),
                    generator.Metadata.DefaultModelDimensions ?? model.EmbeddingSize, generator.Pooling.ToString().ToLowerInvariant());
                Console.WriteLine($"embedding model: {info.Name} ({info.Dimensions} dimensions)");
            }

            // The question files hold the answers (the expected paths): they are left out of the index they test.
            var walk = new RepositoryWalkOptions { SkippedFileSuffixes = [.. RepositoryWalkOptions.DefaultSkippedFileSuffixes, "code-questions.tsv", "code-questions-heldout.tsv"] };
            using var index = CodeIndex.Open(root, storePath, generator, info, walk);
            var stopwatch = Stopwatch.StartNew();
            var report = index.UpdateAsync().GetAwaiter().GetResult();
            Console.WriteLine($"indexed {report.Added.Count + report.Updated.Count} files ({report.Unchanged} unchanged), {report.Symbols} symbols in {stopwatch.Elapsed.TotalSeconds:0.0} s");
            var retriever = new CodeRetriever(index);
            var results = sets.Select(s => (s.Name, Score: Score(retriever, s.Name, ReadQuestions(root, s.File)))).ToList();
            foreach (var (name, score) in results)
            {
                Console.WriteLine($"set {name}: recall5={score.Recall:0.000} mrr5={score.Mrr:0.000} questions={score.Count}");
            }

            Console.WriteLine("result: " + string.Join(' ', results.Select(r =>
                $"{(r.Name == "tuned" ? "" : r.Name + "_")}recall5={r.Score.Recall:0.000} {(r.Name == "tuned" ? "" : r.Name + "_")}mrr5={r.Score.Mrr:0.000} {(r.Name == "tuned" ? "" : r.Name + "_")}questions={r.Score.Count}")));
            return 0;
        }
        finally
        {
            generator?.Dispose();
            model?.Dispose();
            if (keptStore is null)
            {
                foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(storePath) + "*"))
                {
                    File.Delete(file);
                }
            }
        }
    }

    private static (double Recall, double Mrr, int Count) Score(CodeRetriever retriever, string name, List<(string Question, HashSet<string> Expected)> questions)
    {
        int found = 0;
        double reciprocal = 0;
        Console.WriteLine($"{"rank",4}  question ({name})");
        foreach (var (question, expected) in questions)
        {
            var passages = retriever.RetrieveAsync(question, 5).GetAwaiter().GetResult();
            int rank = passages.Select((p, i) => (p, i)).FirstOrDefault(x => expected.Contains(x.p.Path), (null!, -1)).Item2 + 1;
            if (rank > 0)
            {
                found++;
                reciprocal += 1.0 / rank;
            }

            Console.WriteLine($"{(rank > 0 ? rank.ToString() : "-"),4}  {question}" + (rank > 0 ? "" : $"   (got {string.Join(", ", passages.Take(3).Select(p => p.Path))})"));
        }

        return ((double)found / questions.Count, reciprocal / questions.Count, questions.Count);
    }

    private static List<(string Question, HashSet<string> Expected)> ReadQuestions(string root, string file) =>
        File.ReadAllLines(Path.Combine(root, "bench", "LocalKernel.Bench", file))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(p => (Question: p[0], Expected: p[1].Split(',').ToHashSet(StringComparer.Ordinal)))
            .ToList();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Framework.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with Framework.sln) was not found above the benchmark.");
    }
}
