namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Where the native llama.cpp libraries come from. Null properties mean "use the default".</summary>
public sealed class LlamaBackendOptions
{
    /// <summary>The environment variable that points at a user's own directory of llama.cpp libraries.</summary>
    public const string LibraryDirectoryEnvironmentVariable = "LOCALKERNEL_LLAMA_LIB_DIR";

    /// <summary>
    /// A directory holding libllama, libggml, libggml-base and the ggml backend libraries of llama.cpp
    /// v0.5.0 (all in one directory). Default: <c>$LOCALKERNEL_LLAMA_LIB_DIR</c>, else the
    /// <c>llama-native</c> folder that this repository's build places beside the application, else the folder of a
    /// referenced backend package (LocalKernel.Backend.Cuda, .Vulkan, .Cpu, in that order; a GPU backend only when
    /// its driver loads).
    /// </summary>
    public string? LibraryDirectory { get; set; }
}
