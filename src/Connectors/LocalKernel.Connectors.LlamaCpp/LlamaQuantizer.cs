namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Converts a GGUF model to another quantization with <c>llama_model_quantize</c> (e.g. F32/F16 → Q8_0 or Q4_K_M).</summary>
public static class LlamaQuantizer
{
    /// <summary>Writes <paramref name="outputPath"/>: the model of <paramref name="inputPath"/> quantized to <paramref name="type"/>.</summary>
    /// <param name="inputPath">The source GGUF; validated before llama.cpp reads it.</param>
    /// <param name="outputPath">The file to write; replaced if it exists.</param>
    /// <param name="type">The target file type, e.g. <see cref="LlamaFileType.MostlyQ4_K_M"/>.</param>
    /// <param name="threads">Threads; null = the physical cores.</param>
    /// <param name="allowRequantize">Allow a source that is already quantized (quality suffers). Default false.</param>
    /// <exception cref="FileNotFoundException">The input does not exist.</exception>
    /// <exception cref="GgufFormatException">The input is not a valid GGUF.</exception>
    /// <exception cref="ArgumentException">The input and output are the same file.</exception>
    /// <exception cref="LlamaException">llama.cpp failed (<see cref="LlamaStatus.QuantizationFailed"/>, with its reason).</exception>
    public static unsafe void Quantize(string inputPath, string outputPath, LlamaFileType type, int? threads = null, bool allowRequantize = false)
    {
        var input = Path.GetFullPath(inputPath);
        var output = Path.GetFullPath(outputPath);
        if (string.Equals(input, output, StringComparison.Ordinal))
        {
            throw new ArgumentException("The output must be another file than the input.", nameof(outputPath));
        }

        GgufReader.Read(input);
        LlamaBackend.EnsureLoaded();
        var parameters = NativeMethods.llama_model_quantize_default_params();
        parameters.ftype = (int)type;
        parameters.nthread = threads ?? LlamaThreading.PhysicalCoreCount;
        parameters.allow_requantize = (byte)(allowRequantize ? 1 : 0);

        NativeLogBridge.TakeLastProblem();
        uint result;
        try
        {
            result = NativeMethods.llama_model_quantize(input, output, &parameters);
        }
        catch (Exception e) when (e is not LlamaException)
        {
            throw new LlamaException(LlamaStatus.QuantizationFailed, $"Quantizing '{input}' failed: {e.Message}", e);
        }

        if (result != 0)
        {
            var reason = NativeLogBridge.TakeLastProblem();
            TryDelete(output);
            throw new LlamaException(LlamaStatus.QuantizationFailed,
                $"llama.cpp could not quantize '{input}' to {type.GetDisplayName()}" + (reason is null ? "." : $": {reason}"));
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A partial output that cannot be removed is left for the user; the exception says what failed.
        }
    }
}
