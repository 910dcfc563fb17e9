using System.Diagnostics;
using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Testing;

namespace LocalKernel.Bench;

/// <summary>
/// The generated ~60M-parameter model written as F32, quantized by llama.cpp to Q8_0 and Q4_K_M: file size, bits
/// per weight, quantization time and prompt/generation tokens/s of each (direct native loop, --threads, default 1).
/// </summary>
internal static class QuantizeBenchmark
{
    public static int Run(BenchArguments arguments)
    {
        int threads = arguments.GetInts("threads", 1)[0];
        var source = TestModelGenerator.GetOrCreate(TestModelSpec.Approx60M with { Name = "localkernel-test-60m-f32", WeightType = GgmlType.F32 });
        var directory = Directory.CreateTempSubdirectory("localkernel-quantize-bench-").FullName;
        Console.WriteLine($"{LlamaBackend.EnsureLoaded()}; threads {threads}");
        Console.WriteLine($"{"type",-8} {"MiB",8} {"bits/w",7} {"quantize s",10} {"prompt t/s",11} {"gen t/s",9}");
        var results = new List<string>();
        try
        {
            foreach (var type in new LlamaFileType?[] { null, LlamaFileType.MostlyQ8_0, LlamaFileType.MostlyQ4_K_M })
            {
                var path = source;
                double seconds = 0;
                if (type is { } target)
                {
                    path = Path.Combine(directory, $"{target}.gguf");
                    var clock = Stopwatch.StartNew();
                    LlamaQuantizer.Quantize(source, path, target);
                    seconds = clock.Elapsed.TotalSeconds;
                }

                var summary = GgufModelSummary.Read(path);
                using var model = LlamaModel.Load(path);
                var (prompt, generation) = NativeThroughputBenchmark.Measure(model, threads);
                var name = summary.FileTypeName.Replace(' ', '_');
                Console.WriteLine($"{name,-8} {new FileInfo(path).Length / 1048576.0,8:F1} {summary.BitsPerWeight,7:F2} {seconds,10:F1} {prompt,11:F1} {generation,9:F1}");
                results.Add(FormattableString.Invariant($"{name}_mib={new FileInfo(path).Length / 1048576.0:F1} {name}_prompt_tps={prompt:F1} {name}_gen_tps={generation:F1}"));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        Console.WriteLine("result: " + string.Join(' ', results));
        return 0;
    }
}
