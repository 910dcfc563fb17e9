namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Plans memory from the GGUF file alone, before llama.cpp allocates anything: how many layers fit a GPU's
/// free memory, and the largest context that fits the RAM. Built on <see cref="ModelMemoryEstimate"/>
/// (weights from the tensor table, KV cache from the hyper-parameters, compute buffers estimated).
/// Stateless and thread-safe.
/// </summary>
public static class LlamaMemoryPlanner
{
    /// <summary>Memory kept free on a device for the driver, fragmentation and estimation error.</summary>
    public const double Headroom = 0.10;

    /// <summary>
    /// Layers to offload so that they, their KV cache and the compute buffers fit in <paramref name="freeVramBytes"/>.
    /// llama.cpp offloads from the last layer down, and the output layer once every layer is on the GPU, so the
    /// result is in [0, layers + 1].
    /// </summary>
    public static int RecommendGpuLayers(GgufFile file, int contextLength, long freeVramBytes, double kvTypeBytes = 2)
    {
        ArgumentNullException.ThrowIfNull(file);
        var summary = GgufModelSummary.FromFile(file);
        int layers = summary.BlockCount ?? 0;
        var estimate = ModelMemoryEstimate.For(summary, contextLength, kvTypeBytes);
        double budget = freeVramBytes * (1 - Headroom) - estimate.ComputeBytes;
        double kvPerLayer = layers > 0 ? (double)estimate.KvCacheBytes / layers : 0;
        int offloaded = 0;
        for (int layer = layers - 1; layer >= 0; layer--)
        {
            double cost = LayerWeightBytes(file, layer) + kvPerLayer;
            if (cost > budget)
            {
                return offloaded;
            }

            budget -= cost;
            offloaded++;
        }

        var output = file.FindTensor("output.weight") ?? file.FindTensor("token_embd.weight");
        return output is not null && output.ByteSize <= budget ? layers + 1 : layers;
    }

    /// <summary>
    /// The largest context (a multiple of 256, at most the trained context) whose weights, KV cache and compute
    /// buffers fit in <paramref name="ramBytes"/>; 0 when not even 256 tokens fit.
    /// </summary>
    public static int LargestContext(GgufFile file, long ramBytes, double kvTypeBytes = 2)
    {
        ArgumentNullException.ThrowIfNull(file);
        var summary = GgufModelSummary.FromFile(file);
        int trained = Math.Max(summary.ContextLength ?? 4096, 256);
        double budget = ramBytes * (1 - Headroom);
        int low = 0, high = trained / 256;
        while (low < high)
        {
            int middle = (low + high + 1) / 2;
            if (ModelMemoryEstimate.For(summary, middle * 256, kvTypeBytes).TotalBytes <= budget)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low * 256;
    }

    private static long LayerWeightBytes(GgufFile file, int layer)
    {
        var prefix = $"blk.{layer}.";
        return file.Tensors.Where(t => t.Name.StartsWith(prefix, StringComparison.Ordinal)).Sum(t => t.ByteSize);
    }
}
