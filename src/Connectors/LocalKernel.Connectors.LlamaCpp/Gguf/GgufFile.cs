using System.Diagnostics.CodeAnalysis;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// The header of a validated GGUF file: metadata, tensor table and layout. Produced by <see cref="GgufReader"/>;
/// tensor data stays in the file.
/// </summary>
/// <remarks>
/// Typed getters are tolerant of the integer width actually stored (see <see cref="GgufValue"/>).
/// Instances are immutable and thread-safe.
/// </remarks>
public sealed class GgufFile
{
    /// <summary>The alignment of tensor data when <c>general.alignment</c> is absent.</summary>
    public const uint DefaultAlignment = 32;

    private readonly Dictionary<string, GgufTensorInfo> _tensorsByName;

    internal GgufFile(
        uint version,
        IReadOnlyDictionary<string, GgufValue> metadata,
        IReadOnlyList<GgufTensorInfo> tensors,
        uint alignment,
        long dataOffset,
        long fileLength)
    {
        Version = version;
        Metadata = metadata;
        Tensors = tensors;
        Alignment = alignment;
        DataOffset = dataOffset;
        FileLength = fileLength;
        _tensorsByName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>Gets the format version (2 or 3).</summary>
    public uint Version { get; }

    /// <summary>Gets the metadata by key; enumeration yields the entries in file order.</summary>
    public IReadOnlyDictionary<string, GgufValue> Metadata { get; }

    /// <summary>Gets the tensor table in file order.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    /// <summary>Gets the alignment of tensor data in bytes (<c>general.alignment</c>, by default 32).</summary>
    public uint Alignment { get; }

    /// <summary>Gets the offset of the tensor data section from the start of the file.</summary>
    public long DataOffset { get; }

    /// <summary>Gets the length of the file in bytes.</summary>
    public long FileLength { get; }

    /// <summary>Gets <c>general.architecture</c>, for example <c>llama</c>, or <see langword="null"/> when absent.</summary>
    public string? Architecture => TryGetString(GgufMetadataKeys.GeneralArchitecture, out var value) ? value : null;

    /// <summary>Gets the total number of tensor data bytes (the weights' size in memory).</summary>
    public long TensorDataBytes => Tensors.Sum(t => t.ByteSize);

    /// <summary>Gets the total number of tensor elements (the parameter count).</summary>
    public long ParameterCount => Tensors.Sum(t => t.ElementCount);

    /// <summary>Finds a tensor by name.</summary>
    /// <param name="name">The tensor name, for example <c>token_embd.weight</c>.</param>
    /// <returns>The tensor, or <see langword="null"/> when the file has none of that name.</returns>
    public GgufTensorInfo? FindTensor(string name) => _tensorsByName.GetValueOrDefault(name);

    /// <summary>Gets the key of an architecture-specific value: <c>llama.context_length</c> for <c>context_length</c>.</summary>
    /// <param name="suffix">The key without the architecture prefix, for example <c>attention.head_count</c>.</param>
    /// <returns>The full key, or <see langword="null"/> when the file names no architecture.</returns>
    public string? GetArchKey(string suffix)
    {
        ArgumentException.ThrowIfNullOrEmpty(suffix);
        var architecture = Architecture;
        return architecture is null ? null : $"{architecture}.{suffix}";
    }

    /// <summary>Gets an architecture-specific value, for example <c>GetArchValue("context_length")</c>.</summary>
    /// <param name="suffix">The key without the architecture prefix.</param>
    /// <returns>The value, or <see langword="null"/> when the file names no architecture or lacks the key.</returns>
    public GgufValue? GetArchValue(string suffix)
    {
        var key = GetArchKey(suffix);
        return key is not null && Metadata.TryGetValue(key, out var value) ? value : null;
    }

    /// <summary>Looks up a metadata value.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when present.</param>
    /// <returns><see langword="true"/> when the key is present.</returns>
    public bool TryGetValue(string key, [NotNullWhen(true)] out GgufValue? value) => Metadata.TryGetValue(key, out value);

    /// <summary>Reads a string value.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when present and a string.</param>
    /// <returns><see langword="true"/> when the key holds a string.</returns>
    public bool TryGetString(string key, [NotNullWhen(true)] out string? value)
    {
        value = null;
        return Metadata.TryGetValue(key, out var stored) && stored.TryGetString(out value);
    }

    /// <summary>Reads an integer of any stored width that fits in <see cref="uint"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when present and it fits.</param>
    /// <returns><see langword="true"/> when the key holds an integer that fits.</returns>
    public bool TryGetUInt32(string key, out uint value)
    {
        value = 0;
        return Metadata.TryGetValue(key, out var stored) && stored.TryGetUInt32(out value);
    }

    /// <summary>Reads an integer of any stored width that fits in <see cref="int"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when present and it fits.</param>
    /// <returns><see langword="true"/> when the key holds an integer that fits.</returns>
    public bool TryGetInt32(string key, out int value)
    {
        value = 0;
        return Metadata.TryGetValue(key, out var stored) && stored.TryGetInt32(out value);
    }

    /// <summary>Reads a non-negative integer of any stored width.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when present and non-negative.</param>
    /// <returns><see langword="true"/> when the key holds a non-negative integer.</returns>
    public bool TryGetUInt64(string key, out ulong value)
    {
        value = 0;
        return Metadata.TryGetValue(key, out var stored) && stored.TryGetUInt64(out value);
    }

    /// <summary>Reads an integer of any stored width that fits in <see cref="long"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when present and it fits.</param>
    /// <returns><see langword="true"/> when the key holds an integer that fits.</returns>
    public bool TryGetInt64(string key, out long value)
    {
        value = 0;
        return Metadata.TryGetValue(key, out var stored) && stored.TryGetInt64(out value);
    }

    /// <summary>Reads a float or integer as a 32-bit float.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when present and a number.</param>
    /// <returns><see langword="true"/> when the key holds a number.</returns>
    public bool TryGetSingle(string key, out float value)
    {
        value = 0;
        return Metadata.TryGetValue(key, out var stored) && stored.TryGetSingle(out value);
    }

    /// <summary>Reads a boolean.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when present and a boolean.</param>
    /// <returns><see langword="true"/> when the key holds a boolean.</returns>
    public bool TryGetBoolean(string key, out bool value)
    {
        value = false;
        return Metadata.TryGetValue(key, out var stored) && stored.TryGetBoolean(out value);
    }

    /// <summary>Reads an array of strings, such as <c>tokenizer.ggml.tokens</c>, without copying.</summary>
    /// <param name="key">The key.</param>
    /// <param name="items">The strings, when the key holds an array of strings.</param>
    /// <returns><see langword="true"/> when the key holds an array of strings.</returns>
    public bool TryGetStringArray(string key, out ReadOnlyMemory<string> items)
    {
        items = default;
        return Metadata.TryGetValue(key, out var stored) && stored.TryGetArray(out items);
    }

    /// <summary>Reads a numeric array, such as <c>tokenizer.ggml.scores</c>, as 32-bit floats (a copy).</summary>
    /// <param name="key">The key.</param>
    /// <param name="items">The numbers, when the key holds a numeric array.</param>
    /// <returns><see langword="true"/> when the key holds a numeric array.</returns>
    public bool TryGetSingleArray(string key, [NotNullWhen(true)] out float[]? items)
    {
        items = null;
        return Metadata.TryGetValue(key, out var stored) && stored.TryGetSingleArray(out items);
    }

    /// <summary>Reads an integer array, such as <c>tokenizer.ggml.token_type</c>, as 32-bit integers (a copy).</summary>
    /// <param name="key">The key.</param>
    /// <param name="items">The integers, when the key holds an integer array whose elements all fit.</param>
    /// <returns><see langword="true"/> when the key holds such an array.</returns>
    public bool TryGetInt32Array(string key, [NotNullWhen(true)] out int[]? items)
    {
        items = null;
        return Metadata.TryGetValue(key, out var stored) && stored.TryGetInt32Array(out items);
    }

    /// <summary>Gets a string value.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The string.</returns>
    /// <exception cref="KeyNotFoundException">The key is absent.</exception>
    /// <exception cref="InvalidOperationException">The value is not a string.</exception>
    public string GetString(string key) =>
        Require(key).TryGetString(out var value) ? value : throw WrongType(key, "a string");

    /// <summary>Gets an integer value of any stored width as <see cref="uint"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">The key is absent.</exception>
    /// <exception cref="InvalidOperationException">The value is not an integer that fits.</exception>
    public uint GetUInt32(string key) =>
        Require(key).TryGetUInt32(out var value) ? value : throw WrongType(key, "an integer in the UInt32 range");

    /// <summary>Gets an integer value of any stored width as <see cref="ulong"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">The key is absent.</exception>
    /// <exception cref="InvalidOperationException">The value is not a non-negative integer.</exception>
    public ulong GetUInt64(string key) =>
        Require(key).TryGetUInt64(out var value) ? value : throw WrongType(key, "a non-negative integer");

    /// <summary>Gets an integer value of any stored width as <see cref="long"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">The key is absent.</exception>
    /// <exception cref="InvalidOperationException">The value is not an integer that fits.</exception>
    public long GetInt64(string key) =>
        Require(key).TryGetInt64(out var value) ? value : throw WrongType(key, "an integer in the Int64 range");

    /// <summary>Gets a float or integer value as a 32-bit float.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">The key is absent.</exception>
    /// <exception cref="InvalidOperationException">The value is not a number.</exception>
    public float GetSingle(string key) =>
        Require(key).TryGetSingle(out var value) ? value : throw WrongType(key, "a number");

    /// <summary>Gets a boolean value.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">The key is absent.</exception>
    /// <exception cref="InvalidOperationException">The value is not a boolean.</exception>
    public bool GetBoolean(string key) =>
        Require(key).TryGetBoolean(out var value) ? value : throw WrongType(key, "a boolean");

    private GgufValue Require(string key) =>
        Metadata.TryGetValue(key, out var value)
            ? value
            : throw new KeyNotFoundException($"The GGUF file has no metadata key '{key}'.");

    private InvalidOperationException WrongType(string key, string expected) =>
        new($"GGUF metadata '{key}' is {Metadata[key].Type} ({Metadata[key]}), not {expected}.");
}
