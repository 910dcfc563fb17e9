namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// One entry of a GGUF tensor table: where a tensor's data lies and what shape and type it has.
/// The data itself is never loaded by the reader.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class GgufTensorInfo
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="name">Tensor name, for example <c>blk.0.attn_q.weight</c>.</param>
    /// <param name="dimensions">Dimensions, fastest-varying first (ggml's <c>ne0</c>, <c>ne1</c>, …).</param>
    /// <param name="type">Storage type.</param>
    /// <param name="offset">Offset of the data from the start of the data section.</param>
    /// <param name="dataOffset">Offset of the data section from the start of the file.</param>
    /// <exception cref="ArgumentException">A dimension is not positive, or the type is unknown, or the shape is not whole blocks.</exception>
    /// <exception cref="OverflowException">The element count or byte size does not fit in 64 bits.</exception>
    public GgufTensorInfo(string name, IReadOnlyList<long> dimensions, GgmlType type, long offset, long dataOffset)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(dataOffset);
        if (!GgmlTypeInfo.TryGet(type, out var info))
        {
            throw new ArgumentException($"ggml type {(int)type} is unknown.", nameof(type));
        }

        long elements = 1;
        foreach (var dimension in dimensions)
        {
            if (dimension <= 0)
            {
                throw new ArgumentException($"Tensor '{name}' has a dimension of {dimension}; dimensions must be positive.", nameof(dimensions));
            }

            elements = checked(elements * dimension);
        }

        var rowLength = dimensions.Count > 0 ? dimensions[0] : 1;
        if (rowLength % info.BlockSize != 0)
        {
            throw new ArgumentException(
                $"Tensor '{name}' has rows of {rowLength} elements, not a multiple of the {info.Name} block size {info.BlockSize}.",
                nameof(dimensions));
        }

        Name = name;
        Dimensions = [.. dimensions];
        Type = type;
        Offset = offset;
        FileOffset = checked(dataOffset + offset);
        ElementCount = elements;
        ByteSize = info.GetByteSize(elements);
    }

    /// <summary>Gets the tensor name.</summary>
    public string Name { get; }

    /// <summary>Gets the dimensions, fastest-varying first: a weight matrix <c>[n_embd, n_vocab]</c> has rows of <c>n_embd</c>.</summary>
    public IReadOnlyList<long> Dimensions { get; }

    /// <summary>Gets the storage type.</summary>
    public GgmlType Type { get; }

    /// <summary>Gets the offset of the data from the start of the data section, as stored in the file.</summary>
    public long Offset { get; }

    /// <summary>Gets the offset of the data from the start of the file (data section start plus <see cref="Offset"/>).</summary>
    public long FileOffset { get; }

    /// <summary>Gets the number of bytes of the data.</summary>
    public long ByteSize { get; }

    /// <summary>Gets the number of elements (the product of the dimensions).</summary>
    public long ElementCount { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name} [{string.Join(", ", Dimensions)}] {GgmlTypeInfo.Get(Type).Name} @ {Offset}";
}
