namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>A compute device that ggml registered (a CPU, a GPU, an accelerator).</summary>
/// <param name="Name">ggml's device name, e.g. "CPU" or "CUDA0".</param>
/// <param name="Description">The device's own description, e.g. the CPU or GPU model.</param>
/// <param name="Kind">CPU, GPU, IGPU, ACCEL or META.</param>
/// <param name="FreeMemoryBytes">Free memory the device reports.</param>
/// <param name="TotalMemoryBytes">Total memory the device reports.</param>
public sealed record LlamaDeviceInfo(string Name, string Description, string Kind, long FreeMemoryBytes, long TotalMemoryBytes);
