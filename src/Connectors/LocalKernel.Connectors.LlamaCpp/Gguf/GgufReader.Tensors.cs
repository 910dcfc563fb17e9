namespace LocalKernel.Connectors.LlamaCpp;

// The tensor table and the layout of the data section.
public static partial class GgufReader
{
    private static (IReadOnlyList<GgufTensorInfo> Tensors, long DataOffset) ReadTensorTable(ReadState state, long count, uint alignment)
    {
        var cursor = state.Cursor;
        var entries = new List<TensorEntry>((int)Math.Min(count, 4096));
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < count; i++)
        {
            entries.Add(ReadTensorEntry(state, i, names, alignment));
        }

        // llama.cpp pads to the alignment only when there are tensors; with none the "data section" is empty.
        var dataOffset = cursor.Position;
        if (count > 0)
        {
            dataOffset = AlignUp(dataOffset, alignment);
            if (dataOffset > cursor.Length)
            {
                throw new GgufFormatException(
                    $"GGUF data section would start at offset {dataOffset}, past the end of the file (size {cursor.Length}); the tensor table ends at offset {cursor.Position}.",
                    cursor.Position);
            }
        }

        CheckLayout(entries, dataOffset, cursor.Length);
        var tensors = entries.Select(e => new GgufTensorInfo(e.Name, e.Dimensions, e.Type, e.Offset, dataOffset)).ToArray();
        return (tensors, dataOffset);
    }

    private static TensorEntry ReadTensorEntry(ReadState state, long index, HashSet<string> names, uint alignment)
    {
        var cursor = state.Cursor;
        var nameOffset = cursor.Position;
        var name = ReadString(state, $"the name of tensor {index}");
        var nameBytes = System.Text.Encoding.UTF8.GetByteCount(name);
        if (nameBytes > MaxTensorNameBytes)
        {
            throw new GgufFormatException(
                $"GGUF tensor name at offset {nameOffset} is {nameBytes} bytes long; llama.cpp allows at most {MaxTensorNameBytes}.", nameOffset);
        }

        if (!names.Add(name))
        {
            throw new GgufFormatException($"GGUF tensor name '{name}' at offset {nameOffset} appears twice.", nameOffset);
        }

        var dimensionsOffset = cursor.Position;
        var dimensionCount = cursor.ReadUInt32($"the dimension count of tensor '{name}'");
        if (dimensionCount > MaxDimensions)
        {
            throw new GgufFormatException(
                $"GGUF tensor '{name}' has {dimensionCount} dimensions at offset {dimensionsOffset}; at most {MaxDimensions} are allowed.",
                dimensionsOffset);
        }

        var dimensions = new long[dimensionCount];
        long elements = 1;
        for (var d = 0; d < dimensions.Length; d++)
        {
            var offset = cursor.Position;
            dimensions[d] = cursor.ReadInt64($"dimension {d} of tensor '{name}'");
            if (dimensions[d] <= 0)
            {
                throw new GgufFormatException(
                    $"GGUF tensor '{name}' dimension {d} is {dimensions[d]} at offset {offset}; dimensions must be positive.", offset);
            }

            if (elements > long.MaxValue / dimensions[d])
            {
                throw new GgufFormatException(
                    $"GGUF tensor '{name}' with shape [{string.Join(", ", dimensions.Take(d + 1))}] at offset {offset} has more elements than fit in 64 bits.",
                    offset);
            }

            elements *= dimensions[d];
        }

        var typeOffset = cursor.Position;
        var type = (GgmlType)cursor.ReadInt32($"the type of tensor '{name}'");
        if (!GgmlTypeInfo.TryGet(type, out var typeInfo))
        {
            throw new GgufFormatException(
                $"GGUF tensor '{name}' has unknown ggml type {(int)type} at offset {typeOffset}.", typeOffset);
        }

        var rowLength = dimensions.Length > 0 ? dimensions[0] : 1;
        if (rowLength % typeInfo.BlockSize != 0)
        {
            throw new GgufFormatException(
                $"GGUF tensor '{name}' of type {typeInfo.Name} at offset {typeOffset} has rows of {rowLength} elements, not a multiple of the block size {typeInfo.BlockSize}.",
                typeOffset);
        }

        var blocks = elements / typeInfo.BlockSize;
        if (blocks > long.MaxValue / typeInfo.BytesPerBlock)
        {
            throw new GgufFormatException(
                $"GGUF tensor '{name}' at offset {typeOffset} is larger than 2^63 bytes.", typeOffset);
        }

        var dataOffsetPosition = cursor.Position;
        var offsetRaw = cursor.ReadUInt64($"the data offset of tensor '{name}'");
        if (offsetRaw > long.MaxValue)
        {
            throw new GgufFormatException(
                $"GGUF tensor '{name}' data offset {offsetRaw} at offset {dataOffsetPosition} runs past the end of the file (size {cursor.Length}).",
                dataOffsetPosition);
        }

        if (offsetRaw % alignment != 0)
        {
            throw new GgufFormatException(
                $"GGUF tensor '{name}' data offset {offsetRaw} at offset {dataOffsetPosition} is not a multiple of the alignment {alignment}.",
                dataOffsetPosition);
        }

        return new TensorEntry(name, dimensions, type, (long)offsetRaw, blocks * typeInfo.BytesPerBlock, dataOffsetPosition);
    }

    private static void CheckLayout(List<TensorEntry> entries, long dataOffset, long fileLength)
    {
        var available = fileLength - dataOffset;
        foreach (var entry in entries)
        {
            if (entry.Offset > available || entry.ByteSize > available - entry.Offset)
            {
                throw new GgufFormatException(
                    $"GGUF tensor '{entry.Name}' (offset {entry.Offset}, {entry.ByteSize} bytes, described at offset {entry.InfoOffset}) " +
                    $"runs past the end of the file: its data would end at byte {dataOffset + (decimal)entry.Offset + entry.ByteSize} of {fileLength}.",
                    entry.InfoOffset);
            }
        }

        // Sorted by offset, a tensor overlaps an earlier one exactly when it starts before the furthest end so far.
        TensorEntry? furthest = null;
        foreach (var entry in entries.OrderBy(e => e.Offset))
        {
            if (furthest is not null && entry.Offset < furthest.Offset + furthest.ByteSize)
            {
                throw new GgufFormatException(
                    $"GGUF tensors '{furthest.Name}' and '{entry.Name}' overlap in the data section " +
                    $"(bytes {furthest.Offset}..{furthest.Offset + furthest.ByteSize} and {entry.Offset}..{entry.Offset + entry.ByteSize}); " +
                    $"the second is described at offset {entry.InfoOffset}.",
                    entry.InfoOffset);
            }

            if (furthest is null || entry.Offset + entry.ByteSize > furthest.Offset + furthest.ByteSize)
            {
                furthest = entry;
            }
        }
    }

    private static long AlignUp(long value, uint alignment)
    {
        var remainder = value % alignment;
        return remainder == 0 ? value : value + (alignment - remainder);
    }

    private sealed record TensorEntry(string Name, long[] Dimensions, GgmlType Type, long Offset, long ByteSize, long InfoOffset);
}
