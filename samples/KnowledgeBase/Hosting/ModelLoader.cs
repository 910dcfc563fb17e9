using LocalKernel.Connectors.LlamaCpp;

namespace LocalKernel.Samples.KnowledgeBase.Hosting;

/// <summary>
/// Loads models and turns every way that can fail into a one-line <see cref="KbException"/> with its exit code:
/// a missing or corrupt file, native libraries that cannot load, a model or context that does not fit the memory.
/// </summary>
internal static class ModelLoader
{
    public static LlamaModel Load(string path, string role, int? gpuLayers)
    {
        if (!File.Exists(path))
        {
            throw new KbException($"The {role} model '{path}' does not exist.", ExitCodes.BadModelFile);
        }

        return Guard(path, role, () => LlamaModel.Load(path, new LlamaModelOptions { GpuLayers = gpuLayers }));
    }

    /// <summary>Runs a step that creates a native context (chat client, embedding generator) under the same error mapping.</summary>
    public static T Guard<T>(string path, string role, Func<T> create)
    {
        try
        {
            return create();
        }
        catch (GgufFormatException e)
        {
            throw new KbException($"The {role} model '{path}' is not a valid GGUF file: {e.Message}", ExitCodes.BadModelFile, e);
        }
        catch (LlamaException e) when (e.Status == LlamaStatus.InsufficientMemory)
        {
            // The connector's message already carries the planner's numbers (needed, available, what fits).
            throw new KbException(
                $"The {role} model does not fit this machine's memory. {e.Message} " +
                "Try a smaller --context-size, fewer --gpu-layers, a smaller quantization (kb model quantize) or a smaller model.",
                ExitCodes.InsufficientMemory,
                e);
        }
        catch (LlamaException e)
        {
            throw new KbException($"Cannot load the {role} model '{path}': {e.Message}", ExitCodes.BadModelFile, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KbException($"Cannot read the {role} model '{path}': {e.Message}", ExitCodes.BadModelFile, e);
        }
    }
}
