namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>Display names for <see cref="LlamaFileType"/>, matching what llama.cpp prints when it loads a model.</summary>
public static class LlamaFileTypeExtensions
{
    /// <summary>Gets llama.cpp's name for the file type, for example <c>Q4_K - Medium</c>.</summary>
    /// <param name="fileType">The file type.</param>
    /// <returns>The name, or <c>unknown (N)</c> for a value this version does not know.</returns>
    public static string GetDisplayName(this LlamaFileType fileType) => fileType switch
    {
        LlamaFileType.AllF32 => "all F32",
        LlamaFileType.MostlyF16 => "F16",
        LlamaFileType.MostlyQ4_0 => "Q4_0",
        LlamaFileType.MostlyQ4_1 => "Q4_1",
        LlamaFileType.MostlyQ8_0 => "Q8_0",
        LlamaFileType.MostlyQ5_0 => "Q5_0",
        LlamaFileType.MostlyQ5_1 => "Q5_1",
        LlamaFileType.MostlyQ2_K => "Q2_K - Medium",
        LlamaFileType.MostlyQ3_K_S => "Q3_K - Small",
        LlamaFileType.MostlyQ3_K_M => "Q3_K - Medium",
        LlamaFileType.MostlyQ3_K_L => "Q3_K - Large",
        LlamaFileType.MostlyQ4_K_S => "Q4_K - Small",
        LlamaFileType.MostlyQ4_K_M => "Q4_K - Medium",
        LlamaFileType.MostlyQ5_K_S => "Q5_K - Small",
        LlamaFileType.MostlyQ5_K_M => "Q5_K - Medium",
        LlamaFileType.MostlyQ6_K => "Q6_K",
        LlamaFileType.MostlyIQ2_XXS => "IQ2_XXS - 2.0625 bpw",
        LlamaFileType.MostlyIQ2_XS => "IQ2_XS - 2.3125 bpw",
        LlamaFileType.MostlyQ2_K_S => "Q2_K - Small",
        LlamaFileType.MostlyIQ3_XS => "IQ3_XS - 3.3 bpw",
        LlamaFileType.MostlyIQ3_XXS => "IQ3_XXS - 3.0625 bpw",
        LlamaFileType.MostlyIQ1_S => "IQ1_S - 1.5625 bpw",
        LlamaFileType.MostlyIQ4_NL => "IQ4_NL - 4.5 bpw",
        LlamaFileType.MostlyIQ3_S => "IQ3_S - 3.4375 bpw",
        LlamaFileType.MostlyIQ3_M => "IQ3_S mix - 3.66 bpw",
        LlamaFileType.MostlyIQ2_S => "IQ2_S - 2.5 bpw",
        LlamaFileType.MostlyIQ2_M => "IQ2_M - 2.7 bpw",
        LlamaFileType.MostlyIQ4_XS => "IQ4_XS - 4.25 bpw",
        LlamaFileType.MostlyIQ1_M => "IQ1_M - 1.75 bpw",
        LlamaFileType.MostlyBF16 => "BF16",
        LlamaFileType.MostlyTQ1_0 => "TQ1_0 - 1.69 bpw ternary",
        LlamaFileType.MostlyTQ2_0 => "TQ2_0 - 2.06 bpw ternary",
        LlamaFileType.MostlyMXFP4Moe => "MXFP4 MoE",
        LlamaFileType.MostlyNVFP4 => "NVFP4",
        LlamaFileType.MostlyQ1_0 => "Q1_0",
        LlamaFileType.MostlyQ2_0 => "Q2_0",
        _ => $"unknown ({(int)fileType})",
    };

    /// <summary>Gets whether this version of llama.cpp defines the file type.</summary>
    /// <param name="fileType">The file type, possibly read from a file.</param>
    /// <returns><see langword="true"/> for a defined value.</returns>
    public static bool IsKnown(this LlamaFileType fileType) => Enum.IsDefined(fileType);

    /// <summary>
    /// Gets the file type llama.cpp reports for a model whose most common weight type is <paramref name="type"/>
    /// (what it does when <c>general.file_type</c> is absent).
    /// </summary>
    /// <param name="type">The most common tensor type.</param>
    /// <returns>The matching file type, or <see langword="null"/> when there is none.</returns>
    public static LlamaFileType? FromTensorType(GgmlType type) => type switch
    {
        GgmlType.F32 => LlamaFileType.AllF32,
        GgmlType.F16 => LlamaFileType.MostlyF16,
        GgmlType.BF16 => LlamaFileType.MostlyBF16,
        GgmlType.Q4_0 => LlamaFileType.MostlyQ4_0,
        GgmlType.Q4_1 => LlamaFileType.MostlyQ4_1,
        GgmlType.Q5_0 => LlamaFileType.MostlyQ5_0,
        GgmlType.Q5_1 => LlamaFileType.MostlyQ5_1,
        GgmlType.Q8_0 => LlamaFileType.MostlyQ8_0,
        GgmlType.Q2_K => LlamaFileType.MostlyQ2_K,
        GgmlType.Q3_K => LlamaFileType.MostlyQ3_K_M,
        GgmlType.Q4_K => LlamaFileType.MostlyQ4_K_M,
        GgmlType.Q5_K => LlamaFileType.MostlyQ5_K_M,
        GgmlType.Q6_K => LlamaFileType.MostlyQ6_K,
        GgmlType.IQ2_XXS => LlamaFileType.MostlyIQ2_XXS,
        GgmlType.IQ2_XS => LlamaFileType.MostlyIQ2_XS,
        GgmlType.IQ2_S => LlamaFileType.MostlyIQ2_S,
        GgmlType.IQ3_XXS => LlamaFileType.MostlyIQ3_XXS,
        GgmlType.IQ1_S => LlamaFileType.MostlyIQ1_S,
        GgmlType.IQ1_M => LlamaFileType.MostlyIQ1_M,
        GgmlType.IQ4_NL => LlamaFileType.MostlyIQ4_NL,
        GgmlType.IQ4_XS => LlamaFileType.MostlyIQ4_XS,
        GgmlType.IQ3_S => LlamaFileType.MostlyIQ3_S,
        GgmlType.TQ1_0 => LlamaFileType.MostlyTQ1_0,
        GgmlType.TQ2_0 => LlamaFileType.MostlyTQ2_0,
        GgmlType.NVFP4 => LlamaFileType.MostlyNVFP4,
        GgmlType.Q1_0 => LlamaFileType.MostlyQ1_0,
        GgmlType.Q2_0 => LlamaFileType.MostlyQ2_0,
        _ => null,
    };
}
