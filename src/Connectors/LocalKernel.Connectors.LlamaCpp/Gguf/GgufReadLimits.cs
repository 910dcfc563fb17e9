namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Upper bounds the <see cref="GgufReader"/> enforces so that a corrupt or hostile file is rejected quickly
/// instead of making the reader allocate gigabytes or loop for minutes. Every property left
/// <see langword="null"/> uses its documented default; the defaults accept every real model we know of.
/// </summary>
/// <remarks>
/// These are limits on top of the format's own rules (counts and lengths must also fit in the file).
/// An instance may be shared between threads once it is no longer modified.
/// </remarks>
public sealed class GgufReadLimits
{
    /// <summary>Default for <see cref="MaxStringLength"/>: 64 MiB.</summary>
    public const long DefaultMaxStringLength = 64L * 1024 * 1024;

    /// <summary>Default for <see cref="MaxArrayLength"/>: 64 Mi elements.</summary>
    public const long DefaultMaxArrayLength = 64L * 1024 * 1024;

    /// <summary>Default for <see cref="MaxArrayNestingDepth"/>: 4.</summary>
    public const int DefaultMaxArrayNestingDepth = 4;

    /// <summary>The highest nesting depth accepted whatever <see cref="MaxArrayNestingDepth"/> says, because nested arrays are read recursively.</summary>
    public const int MaxArrayNestingDepthCap = 64;

    /// <summary>Default for <see cref="MaxMetadataCount"/>: 1 Mi entries.</summary>
    public const long DefaultMaxMetadataCount = 1024 * 1024;

    /// <summary>Default for <see cref="MaxTensorCount"/>: 1 Mi tensors.</summary>
    public const long DefaultMaxTensorCount = 1024 * 1024;

    /// <summary>
    /// Gets or sets the longest string (key, value or tensor name) in bytes. Null means
    /// <see cref="DefaultMaxStringLength"/>. Chat templates are the longest strings in practice (tens of KB).
    /// </summary>
    public long? MaxStringLength { get; set; }

    /// <summary>
    /// Gets or sets the most elements one metadata array may hold. Null means <see cref="DefaultMaxArrayLength"/>;
    /// the largest real vocabularies have about 260 thousand tokens.
    /// </summary>
    public long? MaxArrayLength { get; set; }

    /// <summary>
    /// Gets or sets how deeply arrays may nest (an array of arrays is depth 2). Null means
    /// <see cref="DefaultMaxArrayNestingDepth"/>; values above <see cref="MaxArrayNestingDepthCap"/> act as the cap.
    /// llama.cpp itself accepts no nesting at all.
    /// </summary>
    public int? MaxArrayNestingDepth { get; set; }

    /// <summary>Gets or sets the most metadata entries a file may declare. Null means <see cref="DefaultMaxMetadataCount"/>.</summary>
    public long? MaxMetadataCount { get; set; }

    /// <summary>Gets or sets the most tensors a file may declare. Null means <see cref="DefaultMaxTensorCount"/>.</summary>
    public long? MaxTensorCount { get; set; }
}
