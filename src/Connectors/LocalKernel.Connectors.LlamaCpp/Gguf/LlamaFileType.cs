namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// The quantization a model file declares in <c>general.file_type</c> (<c>enum llama_ftype</c> of the pinned llama.h).
/// "Mostly" means 2-D weight tensors use the type while 1-D tensors (norms, biases) stay F32.
/// </summary>
/// <remarks>The numeric values are part of the file format; use <see cref="LlamaFileTypeExtensions.GetDisplayName"/> for text.</remarks>
public enum LlamaFileType
{
    /// <summary>All tensors are 32-bit floats.</summary>
    AllF32 = 0,

    /// <summary>2-D tensors are 16-bit floats.</summary>
    MostlyF16 = 1,

    /// <summary>2-D tensors are Q4_0.</summary>
    MostlyQ4_0 = 2,

    /// <summary>2-D tensors are Q4_1.</summary>
    MostlyQ4_1 = 3,

    /// <summary>2-D tensors are Q8_0.</summary>
    MostlyQ8_0 = 7,

    /// <summary>2-D tensors are Q5_0.</summary>
    MostlyQ5_0 = 8,

    /// <summary>2-D tensors are Q5_1.</summary>
    MostlyQ5_1 = 9,

    /// <summary>Q2_K mix, medium.</summary>
    MostlyQ2_K = 10,

    /// <summary>Q3_K mix, small.</summary>
    MostlyQ3_K_S = 11,

    /// <summary>Q3_K mix, medium.</summary>
    MostlyQ3_K_M = 12,

    /// <summary>Q3_K mix, large.</summary>
    MostlyQ3_K_L = 13,

    /// <summary>Q4_K mix, small.</summary>
    MostlyQ4_K_S = 14,

    /// <summary>Q4_K mix, medium (the common default).</summary>
    MostlyQ4_K_M = 15,

    /// <summary>Q5_K mix, small.</summary>
    MostlyQ5_K_S = 16,

    /// <summary>Q5_K mix, medium.</summary>
    MostlyQ5_K_M = 17,

    /// <summary>2-D tensors are Q6_K.</summary>
    MostlyQ6_K = 18,

    /// <summary>IQ2_XXS.</summary>
    MostlyIQ2_XXS = 19,

    /// <summary>IQ2_XS.</summary>
    MostlyIQ2_XS = 20,

    /// <summary>Q2_K mix, small.</summary>
    MostlyQ2_K_S = 21,

    /// <summary>IQ3_XS mix.</summary>
    MostlyIQ3_XS = 22,

    /// <summary>IQ3_XXS.</summary>
    MostlyIQ3_XXS = 23,

    /// <summary>IQ1_S.</summary>
    MostlyIQ1_S = 24,

    /// <summary>IQ4_NL.</summary>
    MostlyIQ4_NL = 25,

    /// <summary>IQ3_S.</summary>
    MostlyIQ3_S = 26,

    /// <summary>IQ3_S mix, medium.</summary>
    MostlyIQ3_M = 27,

    /// <summary>IQ2_S.</summary>
    MostlyIQ2_S = 28,

    /// <summary>IQ2_S mix, medium.</summary>
    MostlyIQ2_M = 29,

    /// <summary>IQ4_XS.</summary>
    MostlyIQ4_XS = 30,

    /// <summary>IQ1_M.</summary>
    MostlyIQ1_M = 31,

    /// <summary>2-D tensors are bfloat16.</summary>
    MostlyBF16 = 32,

    /// <summary>TQ1_0 ternary.</summary>
    MostlyTQ1_0 = 36,

    /// <summary>TQ2_0 ternary.</summary>
    MostlyTQ2_0 = 37,

    /// <summary>MXFP4 expert tensors.</summary>
    MostlyMXFP4Moe = 38,

    /// <summary>NVFP4.</summary>
    MostlyNVFP4 = 39,

    /// <summary>Q1_0.</summary>
    MostlyQ1_0 = 40,

    /// <summary>Q2_0.</summary>
    MostlyQ2_0 = 41,
}
