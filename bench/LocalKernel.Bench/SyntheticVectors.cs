namespace LocalKernel.Bench;

/// <summary>
/// Synthetic vector sets for the HNSW bench, where a million real embeddings cannot be computed in a bench run
/// (about 23 documents/s on two CPU cores). Two recipes, both seeded, both harder than real text embeddings:
/// <list type="bullet">
/// <item><c>clustered</c>: points around 1,000 random centres with isotropic noise. Inside a cluster every one of the
/// dimensions varies equally (effective dimension ≈ 280 of 384), which concentrates distances among a cluster's
/// 1,000 points at 1M.</item>
/// <item><c>covariance</c>: one Gaussian with the mean and covariance of real sentence embeddings (MiniLM on the
/// SciFact abstracts): each point is the mean plus a random Gaussian combination of 32 centred real vectors, scaled
/// so the covariance is the real one. Its spectrum (effective dimension ≈ 70, as the real vectors' 65) is real, but it
/// has none of their topic clusters: a million points in one structureless cloud, where every point's neighbours are
/// barely nearer than the rest — the hardest case measured for a graph index.</item>
/// </list>
/// <see cref="ParticipationRatio"/> prints how many dimensions effectively vary, so a reader can compare them.
/// </summary>
internal sealed class SyntheticVectors
{
    private const int Mixed = 32;
    private readonly Func<float[]> _next;

    private SyntheticVectors(string description, Func<float[]> next)
    {
        Description = description;
        _next = next;
    }

    /// <summary>What the recipe draws, for the bench's output.</summary>
    public string Description { get; }

    /// <summary>The next vector (not normalised; the store normalises).</summary>
    public float[] Next() => _next();

    /// <summary>Points around 1,000 Gaussian centres (scale 1) with isotropic Gaussian noise (scale 0.35).</summary>
    public static SyntheticVectors Clustered(int dimensions, int seed)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, 1000).Select(_ => Gaussian(random, dimensions, 1.0f)).ToArray();
        return new SyntheticVectors("1,000 random centres + isotropic N(0, 0.35²) noise",
            () => centres[random.Next(centres.Length)].Zip(Gaussian(random, dimensions, 0.35f), (c, n) => c + n).ToArray());
    }

    /// <summary>Gaussian draws with the sample mean and covariance of <paramref name="real"/>.</summary>
    public static SyntheticVectors WithCovarianceOf(IReadOnlyList<float[]> real, string name, int seed)
    {
        int dims = real[0].Length;
        var mean = new float[dims];
        foreach (var v in real)
        {
            for (int d = 0; d < dims; d++)
            {
                mean[d] += v[d] / real.Count;
            }
        }

        var centred = real.Select(v => v.Select((x, d) => x - mean[d]).ToArray()).ToArray();
        float scale = 1 / MathF.Sqrt(Mixed);
        var random = new Random(seed);
        return new SyntheticVectors($"Gaussian with the mean and covariance of {real.Count:N0} {name} vectors",
            () =>
            {
                // Sum of Mixed independent N(0,1)-weighted centred samples / √Mixed: covariance = the sample covariance.
                var point = (float[])mean.Clone();
                for (int j = 0; j < Mixed; j++)
                {
                    var sample = centred[random.Next(centred.Length)];
                    float weight = scale * StandardNormal(random);
                    for (int d = 0; d < dims; d++)
                    {
                        point[d] += weight * sample[d];
                    }
                }

                return point;
            });
    }

    /// <summary>
    /// How many dimensions effectively vary among unit-length versions of the vectors: (Σλ)² / Σλ² over the
    /// covariance's eigenvalues, computed as tr(C)² / ‖C‖²_F (no eigendecomposition needed). 384 for isotropic data.
    /// </summary>
    public static double ParticipationRatio(IReadOnlyList<float[]> vectors)
    {
        int dims = vectors[0].Length;
        var unit = vectors.Select(Unit).ToArray();
        var mean = new double[dims];
        foreach (var v in unit)
        {
            for (int d = 0; d < dims; d++)
            {
                mean[d] += v[d] / unit.Length;
            }
        }

        var covariance = new double[dims, dims];
        var centred = new double[dims];
        foreach (var v in unit)
        {
            for (int d = 0; d < dims; d++)
            {
                centred[d] = v[d] - mean[d];
            }

            for (int a = 0; a < dims; a++)
            {
                for (int b = a; b < dims; b++)
                {
                    covariance[a, b] += centred[a] * centred[b];
                }
            }
        }

        double trace = 0, frobenius = 0;
        for (int a = 0; a < dims; a++)
        {
            trace += covariance[a, a];
            for (int b = a; b < dims; b++)
            {
                frobenius += (a == b ? 1 : 2) * covariance[a, b] * covariance[a, b];
            }
        }

        return trace * trace / frobenius;
    }

    private static float[] Unit(float[] v)
    {
        float norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    private static float[] Gaussian(Random random, int dimensions, float scale)
    {
        var v = new float[dimensions];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = scale * StandardNormal(random);
        }

        return v;
    }

    // Box–Muller; the same draw the bench has always used, so the clustered set is unchanged for a given seed.
    private static float StandardNormal(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
