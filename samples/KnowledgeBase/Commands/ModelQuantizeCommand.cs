using System.CommandLine;
using LocalKernel.Connectors.LlamaCpp;

namespace LocalKernel.Samples.KnowledgeBase.Commands;

/// <summary><c>kb model quantize &lt;in.gguf&gt; &lt;out.gguf&gt; &lt;TYPE&gt;</c>: llama.cpp's quantizer, e.g. F32 → Q4_K_M.</summary>
internal static class ModelQuantizeCommand
{
    private static readonly Dictionary<string, LlamaFileType> Types = Enum.GetValues<LlamaFileType>()
        .Where(t => t.ToString().StartsWith("Mostly", StringComparison.Ordinal))
        .ToDictionary(t => t.ToString()["Mostly".Length..], t => t, StringComparer.OrdinalIgnoreCase);

    public static Command Create()
    {
        var input = new Argument<FileInfo>("input") { Description = "The F32/F16 (or, with --allow-requantize, quantized) .gguf model." };
        var output = new Argument<FileInfo>("output") { Description = "The .gguf file to write." };
        var type = new Argument<string>("type") { Description = "Target quantization, e.g. Q8_0, Q4_K_M, Q5_K_M, Q6_K, F16." };
        type.Validators.Add(result =>
        {
            if (!Types.ContainsKey(result.GetValueOrDefault<string>() ?? string.Empty))
            {
                result.AddError($"Unknown quantization type. Known: {string.Join(", ", Types.Keys.Order(StringComparer.Ordinal))}.");
            }
        });
        var requantize = new Option<bool>("--allow-requantize") { Description = "Accept an input that is already quantized (loses quality)." };
        var command = new Command("quantize", "Quantize a GGUF model with llama.cpp (e.g. F32 → Q4_K_M).") { input, output, type, requantize };
        command.SetAction(parseResult => Run(parseResult.GetValue(input)!, parseResult.GetValue(output)!, Types[parseResult.GetValue(type)!], parseResult.GetValue(requantize)));
        return command;
    }

    private static int Run(FileInfo input, FileInfo output, LlamaFileType type, bool allowRequantize)
    {
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            LlamaQuantizer.Quantize(input.FullName, output.FullName, type, allowRequantize: allowRequantize);
            var summary = GgufModelSummary.Read(output.FullName);
            Console.WriteLine($"{output.FullName}: {summary.FileTypeName}, {summary.BitsPerWeight:F2} bits per weight, " +
                $"{new FileInfo(input.FullName).Length / 1048576.0:F1} MiB → {new FileInfo(output.FullName).Length / 1048576.0:F1} MiB in {clock.Elapsed.TotalSeconds:F1} s");
            return 0;
        }
        catch (Exception e) when (e is GgufFormatException or LlamaException or FileNotFoundException or ArgumentException)
        {
            Console.Error.WriteLine($"kb: {e.Message}");
            return ModelInspectCommand.BadFileExitCode;
        }
    }
}
