using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LocalKernel.Rag;

/// <summary>
/// All vectors of a store in one contiguous row-major <c>float[]</c>, searched exactly by dot product (SIMD).
/// One array (not one per vector) keeps a scan a single sequential read, which is what the memory
/// prefetchers are built for, and costs no per-object headers or pointer chasing.
/// </summary>
/// <remarks>Not thread-safe: <see cref="SqliteDocumentStore"/> guards it with a reader/writer lock.</remarks>
internal sealed class VectorMatrix
{
    // Below this many floats a scan takes well under a millisecond and starting tasks costs more than it saves.
    private const long ParallelThresholdFloats = 1L << 21;

    private readonly int _dimensions;
    private readonly Dictionary<long, int> _rowOfChunk = [];
    private float[] _data = [];
    private long[] _chunkKeys = [];
    private long[] _documentKeys = [];
    private int _count;

    public VectorMatrix(int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        _dimensions = dimensions;
    }

    public int Count => _count;

    public int Dimensions => _dimensions;

    /// <summary>Most rows one array can hold at these dimensions (.NET arrays stop at about 2^31 elements).</summary>
    public int MaxRows => Array.MaxLength / _dimensions;

    public void EnsureCapacity(int rows)
    {
        if (rows <= _chunkKeys.Length)
        {
            return;
        }

        if (rows > MaxRows)
        {
            throw new InvalidOperationException(
                $"The in-memory vector index holds at most {MaxRows:N0} vectors of {_dimensions} dimensions; {rows:N0} were needed.");
        }

        int capacity = (int)Math.Min(MaxRows, Math.Max(rows, Math.Max(1024L, _chunkKeys.Length * 2L)));

        // Uninitialised: every row up to _count is written before it is read.
        var data = GC.AllocateUninitializedArray<float>(capacity * _dimensions);
        _data.AsSpan(0, _count * _dimensions).CopyTo(data);
        _data = data;
        Array.Resize(ref _chunkKeys, capacity);
        Array.Resize(ref _documentKeys, capacity);
    }

    /// <summary>Adds (or replaces) the vector of a chunk; the vector must already be normalised.</summary>
    public void Add(long chunkKey, long documentKey, ReadOnlySpan<float> vector)
    {
        if (vector.Length != _dimensions)
        {
            throw new ArgumentException($"Expected {_dimensions} dimensions, got {vector.Length}.", nameof(vector));
        }

        if (!_rowOfChunk.TryGetValue(chunkKey, out int row))
        {
            EnsureCapacity(_count + 1);
            row = _count++;
            _rowOfChunk[chunkKey] = row;
        }

        vector.CopyTo(_data.AsSpan(row * _dimensions, _dimensions));
        _chunkKeys[row] = chunkKey;
        _documentKeys[row] = documentKey;
    }

    /// <summary>Removes a chunk's vector by moving the last row into its place, so the matrix stays dense.</summary>
    public bool Remove(long chunkKey)
    {
        if (!_rowOfChunk.Remove(chunkKey, out int row))
        {
            return false;
        }

        int last = --_count;
        if (row != last)
        {
            _data.AsSpan(last * _dimensions, _dimensions).CopyTo(_data.AsSpan(row * _dimensions, _dimensions));
            _chunkKeys[row] = _chunkKeys[last];
            _documentKeys[row] = _documentKeys[last];
            _rowOfChunk[_chunkKeys[row]] = row;
        }

        return true;
    }

    public void Clear()
    {
        _rowOfChunk.Clear();
        _count = 0;
    }

    public float[]? GetVector(long chunkKey) =>
        _rowOfChunk.TryGetValue(chunkKey, out int row) ? _data.AsSpan(row * _dimensions, _dimensions).ToArray() : null;

    /// <summary>The <paramref name="top"/> rows with the highest dot product with <paramref name="query"/>, best first.</summary>
    /// <param name="query">A normalised query vector.</param>
    /// <param name="top">How many results at most.</param>
    /// <param name="allowedDocuments">Only rows of these documents; null for all.</param>
    /// <param name="maxDegreeOfParallelism">Threads to scan with; large matrices are split in contiguous ranges.</param>
    public (long ChunkKey, float Score)[] Search(ReadOnlySpan<float> query, int top, IReadOnlySet<long>? allowedDocuments, int maxDegreeOfParallelism)
    {
        if (query.Length != _dimensions)
        {
            throw new ArgumentException($"Expected {_dimensions} dimensions, got {query.Length}.", nameof(query));
        }

        if (_count == 0 || top <= 0)
        {
            return [];
        }

        int k = Math.Min(top, _count);
        int partitions = (long)_count * _dimensions < ParallelThresholdFloats ? 1 : Math.Clamp(maxDegreeOfParallelism, 1, 64);
        TopKCollector best;
        if (partitions == 1)
        {
            best = new TopKCollector(k);
            ScanRange(query, 0, _count, allowedDocuments, best);
        }
        else
        {
            // Parallel.For cannot capture a span: the query is copied once, which is negligible next to the scan.
            var queryCopy = query.ToArray();
            var collectors = new TopKCollector[partitions];
            int rowsPerPartition = (_count + partitions - 1) / partitions;
            Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = partitions }, p =>
            {
                int start = p * rowsPerPartition;
                int end = Math.Min(_count, start + rowsPerPartition);
                var collector = new TopKCollector(k);
                if (start < end)
                {
                    ScanRange(queryCopy, start, end, allowedDocuments, collector);
                }

                collectors[p] = collector;
            });
            best = new TopKCollector(k);
            foreach (var collector in collectors)
            {
                best.AddFrom(collector);
            }
        }

        var rows = best.ToSortedArray();
        var result = new (long, float)[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            result[i] = (_chunkKeys[rows[i].Row], rows[i].Score);
        }

        return result;
    }

    private void ScanRange(ReadOnlySpan<float> query, int start, int end, IReadOnlySet<long>? allowedDocuments, TopKCollector collector)
    {
        int dims = _dimensions;
        ref float origin = ref MemoryMarshal.GetArrayDataReference(_data);
        float threshold = collector.Threshold;
        int row = start;
        if (allowedDocuments is null)
        {
            // Four rows per pass: the query is loaded once for four rows and four independent sums keep
            // the FMA units and the memory stream busy; one Dot call per row spends its time on call overhead.
            Span<float> scores = stackalloc float[4];
            for (; row + 4 <= end; row += 4)
            {
                DotFour(ref Unsafe.Add(ref origin, (nint)row * dims), dims, query, scores);
                for (int i = 0; i < 4; i++)
                {
                    if (scores[i] > threshold)
                    {
                        collector.Add(scores[i], row + i);
                        threshold = collector.Threshold;
                    }
                }
            }
        }

        for (; row < end; row++)
        {
            if (allowedDocuments is not null && !allowedDocuments.Contains(_documentKeys[row]))
            {
                continue;
            }

            // The span is built without a bounds check: row < _count and the array holds _count rows.
            var vector = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref origin, (nint)row * dims), dims);
            float score = TensorPrimitives.Dot(vector, query);
            if (score > threshold)
            {
                collector.Add(score, row);
                threshold = collector.Threshold;
            }
        }
    }

    /// <summary>Dot products of <paramref name="query"/> with the four consecutive rows starting at <paramref name="rows"/>.</summary>
    private static void DotFour(ref float rows, int dims, ReadOnlySpan<float> query, Span<float> scores)
    {
        ref float q = ref MemoryMarshal.GetReference(query);
        ref float r0 = ref rows;
        ref float r1 = ref Unsafe.Add(ref rows, dims);
        ref float r2 = ref Unsafe.Add(ref rows, 2 * dims);
        ref float r3 = ref Unsafe.Add(ref rows, 3 * dims);
        int j = 0;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        if (Vector512.IsHardwareAccelerated && dims >= Vector512<float>.Count)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; j + Vector512<float>.Count <= dims; j += Vector512<float>.Count)
            {
                var x = Vector512.LoadUnsafe(ref q, (nuint)j);
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0, (nuint)j), x, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r1, (nuint)j), x, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r2, (nuint)j), x, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r3, (nuint)j), x, a3);
            }

            (s0, s1, s2, s3) = (Vector512.Sum(a0), Vector512.Sum(a1), Vector512.Sum(a2), Vector512.Sum(a3));
        }
        else if (Vector256.IsHardwareAccelerated && dims >= Vector256<float>.Count)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; j + Vector256<float>.Count <= dims; j += Vector256<float>.Count)
            {
                var x = Vector256.LoadUnsafe(ref q, (nuint)j);
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r0, (nuint)j), x, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r1, (nuint)j), x, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r2, (nuint)j), x, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r3, (nuint)j), x, a3);
            }

            (s0, s1, s2, s3) = (Vector256.Sum(a0), Vector256.Sum(a1), Vector256.Sum(a2), Vector256.Sum(a3));
        }

        for (; j < dims; j++)
        {
            float x = Unsafe.Add(ref q, j);
            s0 += Unsafe.Add(ref r0, j) * x;
            s1 += Unsafe.Add(ref r1, j) * x;
            s2 += Unsafe.Add(ref r2, j) * x;
            s3 += Unsafe.Add(ref r3, j) * x;
        }

        scores[0] = s0;
        scores[1] = s1;
        scores[2] = s2;
        scores[3] = s3;
    }
}
