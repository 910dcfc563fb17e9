using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LocalKernel.Rag;

namespace LocalKernel.Bench;

/// <summary>
/// Exact top-10 search over random normalised vectors in the store's in-memory matrix, against the
/// memory-bandwidth floor: the bytes one query must read divided by the bandwidth of a plain
/// sequential read (a vectorised sum) over a buffer of the same size, measured in the same run, one
/// thread and all threads, interleaved with the searches; the better of the two is the floor.
/// Usage: vector-search [--sizes 100000,1000000] [--dims 384] [--queries 40] [--threads N]
/// </summary>
internal static class VectorSearchBenchmark
{
    public static int Run(BenchArguments args)
    {
        var sizes = args.GetInts("sizes", 100_000, 1_000_000);
        int dims = args.GetInts("dims", 384)[0];
        int queries = args.GetInts("queries", 40)[0];
        int threads = args.GetInts("threads", Environment.ProcessorCount)[0];
        Console.WriteLine($"exact top-10, {dims} dims, {queries} queries per row, {threads} threads, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine($"{"vectors",10} {"MB",7} {"GB/s 1T",8} {"GB/s " + threads + "T",8} {"floor ms",9} {"1T best",8} {"1T med",8} {threads + "T best",8} {threads + "T med",8} {"1T/floor",9} {threads + "T/floor",9}");

        var ratios = new List<(int Size, double Ratio)>();
        var random = new Xorshift(12345);
        foreach (int size in sizes)
        {
            var matrix = new VectorMatrix(dims);
            matrix.EnsureCapacity(size);
            var row = new float[dims];
            for (int i = 0; i < size; i++)
            {
                random.FillUnit(row);
                matrix.Add(i, i % 97, row);
            }

            long bytes = (long)size * dims * sizeof(float);
            var buffer = GC.AllocateUninitializedArray<float>(size * dims);
            buffer.AsSpan().Fill(1e-3f);
            var query = new float[dims];
            for (int i = 0; i < 3; i++)
            {
                random.FillUnit(query);
                matrix.Search(query, 10, null, threads);
                Read(buffer, threads);
            }

            // Reads and searches alternate, so both see the same load from whatever else runs on the machine.
            var read1 = new List<double>();
            var readN = new List<double>();
            var search1 = new List<double>();
            var searchN = new List<double>();
            for (int i = 0; i < queries; i++)
            {
                read1.Add(Time(() => Read(buffer, 1)));
                random.FillUnit(query);
                search1.Add(Time(() => matrix.Search(query, 10, null, 1)));
                readN.Add(Time(() => Read(buffer, threads)));
                random.FillUnit(query);
                searchN.Add(Time(() => matrix.Search(query, 10, null, threads)));
            }

            double floorMs = Math.Min(read1.Min(), readN.Min());
            double best = Math.Min(search1.Min(), searchN.Min());
            Console.WriteLine($"{size,10:N0} {bytes / 1e6,7:F0} {bytes / read1.Min() / 1e6,8:F1} {bytes / readN.Min() / 1e6,8:F1} {floorMs,9:F2} {search1.Min(),8:F2} {Median(search1),8:F2} {searchN.Min(),8:F2} {Median(searchN),8:F2} {search1.Min() / floorMs,9:F2} {searchN.Min() / floorMs,9:F2}");
            ratios.Add((size, best / floorMs));
        }

        Console.WriteLine();
        Console.WriteLine("ms per query; floor = best time of a plain read of a same-size buffer (1 thread or all), reads and searches interleaved;");
        Console.WriteLine("ratio = best query time (1 thread or all) / floor; goal <= 1.5");
        Console.WriteLine("result: " + string.Join(' ', ratios.Select(r => string.Create(CultureInfo.InvariantCulture, $"over_floor_{Label(r.Size)}={r.Ratio:F2}"))));
        return 0;
    }

    private static string Label(int size) => size % 1_000_000 == 0 ? $"{size / 1_000_000}m" : size % 1000 == 0 ? $"{size / 1000}k" : size.ToString(CultureInfo.InvariantCulture);

    private static double Time(Action action)
    {
        var stopwatch = Stopwatch.StartNew();
        action();
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>Reads the whole buffer with <paramref name="threads"/> threads, each its own contiguous part.</summary>
    private static float Read(float[] buffer, int threads)
    {
        if (threads == 1)
        {
            return ReadAll(buffer);
        }

        var partial = new float[threads];
        int per = (buffer.Length + threads - 1) / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            int start = t * per;
            int count = Math.Min(per, buffer.Length - start);
            partial[t] = count > 0 ? ReadAll(buffer.AsSpan(start, count)) : 0;
        });
        return partial.Sum();
    }

    /// <summary>
    /// The plainest fast read: four independent SIMD accumulators (one would make every add wait for the
    /// previous one), widest vectors the machine has, no other work.
    /// </summary>
    private static float ReadAll(ReadOnlySpan<float> data)
    {
        ref float origin = ref MemoryMarshal.GetReference(data);
        int i = 0;
        float sum = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            int width = Vector512<float>.Count;
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i + (4 * width) <= data.Length; i += 4 * width)
            {
                a0 += Vector512.LoadUnsafe(ref origin, (nuint)i);
                a1 += Vector512.LoadUnsafe(ref origin, (nuint)(i + width));
                a2 += Vector512.LoadUnsafe(ref origin, (nuint)(i + (2 * width)));
                a3 += Vector512.LoadUnsafe(ref origin, (nuint)(i + (3 * width)));
            }

            sum = Vector512.Sum(a0 + a1 + a2 + a3);
        }
        else
        {
            int width = Vector256<float>.Count;
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i + (4 * width) <= data.Length; i += 4 * width)
            {
                a0 += Vector256.LoadUnsafe(ref origin, (nuint)i);
                a1 += Vector256.LoadUnsafe(ref origin, (nuint)(i + width));
                a2 += Vector256.LoadUnsafe(ref origin, (nuint)(i + (2 * width)));
                a3 += Vector256.LoadUnsafe(ref origin, (nuint)(i + (3 * width)));
            }

            sum = Vector256.Sum(a0 + a1 + a2 + a3);
        }

        for (; i < data.Length; i++)
        {
            sum += data[i];
        }

        return sum;
    }

    /// <summary>A fast deterministic generator: filling 384 million floats with System.Random takes longer than the benchmark.</summary>
    private sealed class Xorshift(ulong seed)
    {
        private ulong _state = seed;

        public void FillUnit(Span<float> vector)
        {
            for (int i = 0; i < vector.Length; i++)
            {
                _state ^= _state << 13;
                _state ^= _state >> 7;
                _state ^= _state << 17;
                vector[i] = ((_state >> 40) / (float)(1 << 24)) - 0.5f;
            }

            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        }
    }
}
