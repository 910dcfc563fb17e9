using System.CommandLine;
using System.Globalization;
using LocalKernel.Connectors.LlamaCpp;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace LocalKernel.Samples.KnowledgeBase.Commands;

/// <summary>
/// <c>kb model inspect &lt;file.gguf&gt; [--ctx N]</c>: what a model is and how much memory it needs, from the GGUF
/// header alone. The native library is never loaded, so this works on any machine and on files llama.cpp would
/// reject, and a corrupt file is a one-line error instead of a crash.
/// </summary>
internal static class ModelInspectCommand
{
    /// <summary>The default estimate uses the model's trained context, but at most this many tokens.</summary>
    public const int DefaultContextCap = 4096;

    /// <summary>Exit code for a file that is missing, unreadable or not a valid GGUF file.</summary>
    public const int BadFileExitCode = 2;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The .gguf model file." };
        var context = new Option<int?>("--ctx")
        {
            Description = $"Context length (tokens) for the memory estimate. Default: the model's trained context, at most {DefaultContextCap}.",
        };
        context.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is <= 0)
            {
                result.AddError("--ctx must be a positive number of tokens.");
            }
        });

        var command = new Command("inspect", "Show a GGUF model's facts and the memory it needs (reads the header only).")
        {
            file,
            context,
        };
        command.SetAction(parseResult => Run(parseResult.GetValue(file)!, parseResult.GetValue(context), AnsiConsole.Console, Console.Error));
        return command;
    }

    public static int Run(FileInfo file, int? contextLength, IAnsiConsole output, TextWriter error)
    {
        GgufModelSummary summary;
        try
        {
            summary = GgufModelSummary.Read(file.FullName);
        }
        catch (GgufFormatException ex)
        {
            error.WriteLine($"kb: '{file.FullName}' is not a valid GGUF model: {ex.Message}");
            return BadFileExitCode;
        }
        catch (FileNotFoundException ex)
        {
            error.WriteLine($"kb: {ex.Message}");
            return BadFileExitCode;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"kb: cannot read '{file.FullName}': {ex.Message}");
            return BadFileExitCode;
        }

        var (context, contextNote) = ChooseContext(summary, contextLength);
        var estimate = ModelMemoryEstimate.For(summary, context);
        output.Write(SummaryTable(file, summary));
        output.WriteLine();
        output.Write(MemoryTable(estimate, contextNote));
        output.WriteLine(FitLine(file.FullName, estimate));
        return 0;
    }

    // The planner's answer for this machine: does the chosen context fit the available memory, and what does.
    private static string FitLine(string path, ModelMemoryEstimate estimate)
    {
        if (SystemMemory.AvailableBytes is not { } available)
        {
            return "This machine: available memory unknown.";
        }

        int largest = LlamaMemoryPlanner.LargestContext(GgufReader.Read(path), available);
        string verdict = estimate.TotalBytes <= available ? "fits" : "does NOT fit";
        return $"This machine: {Bytes(available)} available; the estimate above {verdict}; the largest context that fits is {largest:N0} tokens" +
            (largest == 0 ? " (use a smaller quantization: kb model quantize)." : ".");
    }

    private static (int Context, string Note) ChooseContext(GgufModelSummary summary, int? requested)
    {
        if (requested is { } chosen)
        {
            return summary.ContextLength is { } limit && chosen > limit
                ? (chosen, $"--ctx, beyond the trained {Count(limit)}")
                : (chosen, "--ctx");
        }

        if (summary.ContextLength is not > 0)
        {
            return (DefaultContextCap, "the model states no context length");
        }

        var trained = summary.ContextLength.Value;
        return trained <= DefaultContextCap
            ? (trained, "the model's trained context")
            : (DefaultContextCap, $"capped from the trained {Count(trained)}; use --ctx to change");
    }

    private static Table SummaryTable(FileInfo file, GgufModelSummary s)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(file.Name).HideHeaders();
        table.AddColumn("Property");
        table.AddColumn("Value");
        Row(table, "File", $"{file.FullName} ({Bytes(s.FileLength)}, GGUF v{s.GgufVersion})");
        Row(table, "Architecture", s.Architecture ?? "(not stated)");
        Row(table, "Name", s.Name ?? "(not stated)");
        Row(table, "Parameters", $"{Quantity(s.ParameterCount)} ({Count(s.ParameterCount)}) in {s.TensorCount} tensors");
        Row(table, "File type", s.FileTypeName);
        Row(table, "Bits per weight", s.BitsPerWeight.ToString("0.00", CultureInfo.InvariantCulture));
        Row(table, "Context length", Optional(s.ContextLength));
        Row(table, "Layers", Optional(s.BlockCount));
        Row(table, "Attention heads", $"{Optional(s.HeadCount)} ({Optional(s.HeadCountKv)} key/value)");
        Row(table, "Embedding size", Optional(s.EmbeddingLength));
        Row(table, "Feed-forward size", Optional(s.FeedForwardLength));
        Row(table, "Head dimension", Optional(s.HeadDimension));
        Row(table, "Tokenizer", $"{s.TokenizerModel ?? "(not stated)"}, {Optional(s.VocabularySize)} tokens");
        Row(table, "BOS / EOS", $"{Optional(s.BosTokenId)} / {Optional(s.EosTokenId)}");
        Row(table, "Chat template", s.HasChatTemplate ? $"yes ({Count(s.ChatTemplate!.Length)} characters)" : "no");
        return table;
    }

    private static Table MemoryTable(ModelMemoryEstimate e, string contextNote)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"Memory at a context of {Count(e.ContextLength)} tokens ({contextNote})");
        table.AddColumn("Part");
        table.AddColumn(new TableColumn("Size").RightAligned());
        table.AddColumn("How");
        Row(table, "Weights", Bytes(e.WeightsBytes), "sum of tensor sizes");
        Row(table, "KV cache", e.IsKvCacheKnown ? Bytes(e.KvCacheBytes) : "unknown",
            e.IsEncoder ? "none: an encoder keeps no KV cache" : e.IsKvCacheKnown ? "layers·ctx·KV heads·(K+V head dims)·2 B" : "attention shape not stated");
        Row(table, "Compute buffers", Bytes(e.ComputeBytes), $"estimate: {(e.IsEncoder ? "embeddings" : "logits")} + activations, batch {e.BatchSize}");
        Row(table, "Total", Bytes(e.TotalBytes), "weights + KV cache + compute");
        Row(table, "Rule of thumb", Bytes(e.RuleOfThumbBytes), "params × bits per weight / 8 × 1.2");
        return table;
    }

    // Text, not markup: names and paths may contain '[' and ']'.
    private static void Row(Table table, params string[] cells) =>
        table.AddRow(cells.Select(c => (IRenderable)new Text(c)).ToArray());

    private static string Optional(int? value) => value?.ToString("N0", CultureInfo.InvariantCulture) ?? "?";

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Quantity(long value) => value switch
    {
        >= 1_000_000_000 => (value / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + " B",
        >= 1_000_000 => (value / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + " M",
        >= 1_000 => (value / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + " K",
        _ => Count(value),
    };

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.00", CultureInfo.InvariantCulture) + " MiB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("0.00", CultureInfo.InvariantCulture) + " KiB",
        _ => $"{bytes} B",
    };
}
