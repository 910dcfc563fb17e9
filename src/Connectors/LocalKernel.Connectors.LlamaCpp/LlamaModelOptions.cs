namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>How a model is loaded. Null properties mean "use the default".</summary>
public sealed class LlamaModelOptions
{
    /// <summary>The <see cref="GpuLayers"/> value that asks <see cref="LlamaMemoryPlanner"/> how many layers fit the
    /// first GPU's free memory (at the default context).</summary>
    public const int AutoGpuLayers = int.MinValue;

    /// <summary>Layers to offload to the GPU: 0 = none, a negative value = all, <see cref="AutoGpuLayers"/> = as many
    /// as fit. Default: all (llama.cpp's default); without a GPU backend every layer stays on the CPU whatever the value.</summary>
    public int? GpuLayers { get; set; }

    /// <summary>Load only the vocabulary (tokenizer), no weights. Default false.</summary>
    public bool? VocabOnly { get; set; }

    /// <summary>Memory-map the weights instead of reading them. Default true (llama.cpp's default).</summary>
    public bool? UseMemoryMap { get; set; }

    /// <summary>Refuse to load when the weights exceed the machine's physical memory (and no GPU takes them),
    /// instead of letting the process be killed later. Default true.</summary>
    public bool? CheckMemory { get; set; }

    /// <summary>Where the native libraries are; passed to <see cref="LlamaBackend.EnsureLoaded"/>.</summary>
    public LlamaBackendOptions? Backend { get; set; }
}
