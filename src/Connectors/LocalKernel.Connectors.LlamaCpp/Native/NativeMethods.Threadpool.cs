using System.Runtime.InteropServices;

namespace LocalKernel.Connectors.LlamaCpp;

// ggml's CPU threadpool (ggml.h, ggml-cpu.h, llama.h). ggml_threadpool_new and ggml_threadpool_free live in the CPU
// backend library, which ggml loads itself (one file per CPU variant): they are reached through the CPU backend's
// ggml_backend_reg_get_proc_address, as llama.cpp's own tools do.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(GgmlBaseLibrary)]
    internal static partial ggml_threadpool_params ggml_threadpool_params_default(int n_threads);

    [LibraryImport(GgmlLibrary, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr ggml_backend_reg_by_name(string name);

    [LibraryImport(GgmlBaseLibrary, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr ggml_backend_reg_get_proc_address(IntPtr reg, string name);

    [LibraryImport(LlamaLibrary)]
    internal static partial void llama_attach_threadpool(SafeLlamaContextHandle ctx, IntPtr threadpool, IntPtr threadpool_batch);

    [LibraryImport(LlamaLibrary)]
    internal static partial void llama_detach_threadpool(SafeLlamaContextHandle ctx);
}

/// <summary>ggml_threadpool_params (528 bytes): a CPU mask of GGML_MAX_N_THREADS (512) C bools, then the settings.</summary>
[StructLayout(LayoutKind.Sequential)]
#pragma warning disable IDE1006, CS0649 // C names unchanged; fields are written by native code.
internal unsafe struct ggml_threadpool_params
{
    public fixed byte cpumask[512];
    public int n_threads;
    public int prio;
    public uint poll;
    public byte strict_cpu;
    public byte paused;
}
#pragma warning restore IDE1006, CS0649
