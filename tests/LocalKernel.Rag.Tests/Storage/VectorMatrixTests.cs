namespace LocalKernel.Rag.Tests;

public class VectorMatrixTests
{
    private static float[] RandomUnitVector(Random random, int dimensions)
    {
        var v = new float[dimensions];
        for (int i = 0; i < dimensions; i++)
        {
            v[i] = (float)((random.NextDouble() * 2) - 1);
        }

        float norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    private static (long Key, float Score)[] BruteForce(Dictionary<long, float[]> vectors, float[] query, int top, Func<long, bool>? include = null) =>
        vectors.Where(kv => include is null || include(kv.Key))
            .Select(kv => (kv.Key, Score: kv.Value.Zip(query, (a, b) => a * b).Sum()))
            .OrderByDescending(x => x.Score)
            .Take(top)
            .ToArray();

    [Theory]
    [InlineData(1, 16)]
    [InlineData(2, 64)]
    public void Search_finds_the_same_top_k_as_brute_force_after_adds_and_removes(int parallelism, int dimensions)
    {
        var random = new Random(42);

        // Enough rows to take the parallel path (over 2^21 floats) when parallelism is 2.
        int rows = (1 << 21) / dimensions + 500;
        var matrix = new VectorMatrix(dimensions);
        var vectors = new Dictionary<long, float[]>();
        for (long key = 0; key < rows; key++)
        {
            var v = RandomUnitVector(random, dimensions);
            vectors[key] = v;
            matrix.Add(key, key % 10, v);
        }

        for (long key = 0; key < rows; key += 3)
        {
            Assert.True(matrix.Remove(key));
            vectors.Remove(key);
        }

        Assert.Equal(vectors.Count, matrix.Count);
        for (int q = 0; q < 5; q++)
        {
            var query = RandomUnitVector(random, dimensions);
            var expected = BruteForce(vectors, query, 10);
            var actual = matrix.Search(query, 10, null, parallelism);
            Assert.Equal(expected.Select(e => e.Key), actual.Select(a => a.ChunkKey));
            Assert.Equal(expected[0].Score, actual[0].Score, 4);

            var allowed = new HashSet<long> { 3, 7 };
            var filtered = matrix.Search(query, 10, allowed, parallelism);
            Assert.Equal(BruteForce(vectors, query, 10, k => allowed.Contains(k % 10)).Select(e => e.Key), filtered.Select(a => a.ChunkKey));
        }
    }

    [Fact]
    public void Asking_for_more_than_there_is_returns_everything_best_first()
    {
        var matrix = new VectorMatrix(2);
        matrix.Add(1, 1, [1, 0]);
        matrix.Add(2, 1, [0, 1]);
        matrix.Add(3, 1, [0.6f, 0.8f]);
        var hits = matrix.Search([0, 1], 10, null, 1);
        Assert.Equal([2L, 3L, 1L], hits.Select(h => h.ChunkKey));
        Assert.Equal([0.6f, 0.8f], matrix.GetVector(3)!);
        Assert.Empty(new VectorMatrix(2).Search([1, 0], 5, null, 1));
    }
}
