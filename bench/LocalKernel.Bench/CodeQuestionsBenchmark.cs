using System.Diagnostics;
using LocalKernel.Rag.Code;

namespace LocalKernel.Bench;

/// <summary>
/// Retrieval quality of the code assistant on this repository: the questions of <c>code-questions.tsv</c> (each with
/// the files that answer it) are asked of a fresh index of the repository, and a question counts as found when one of
/// its files is among the top 5 passages. Prints each question's rank and ends with <c>result: recall5=… questions=…</c>.
/// </summary>
internal static class CodeQuestionsBenchmark
{
    public static int Run(BenchArguments arguments)
    {
        var root = FindRepositoryRoot();
        var questions = File.ReadAllLines(Path.Combine(root, "bench", "LocalKernel.Bench", "code-questions.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(p => (Question: p[0], Expected: p[1].Split(',').ToHashSet(StringComparer.Ordinal)))
            .ToList();

        var storePath = Path.Combine(Path.GetTempPath(), $"lk-code-bench-{Environment.ProcessId}.db");
        try
        {
            using var index = CodeIndex.Open(root, storePath);
            var stopwatch = Stopwatch.StartNew();
            var report = index.UpdateAsync().GetAwaiter().GetResult();
            Console.WriteLine($"indexed {report.Added.Count} files, {report.Symbols} symbols in {stopwatch.Elapsed.TotalSeconds:0.0} s");
            var retriever = new CodeRetriever(index);
            int found = 0;
            double reciprocal = 0;
            Console.WriteLine($"{"rank",4}  question");
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

            Console.WriteLine($"result: recall5={(double)found / questions.Count:0.000} mrr5={reciprocal / questions.Count:0.000} questions={questions.Count}");
            return 0;
        }
        finally
        {
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(storePath) + "*"))
            {
                File.Delete(file);
            }
        }
    }

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
