namespace LocalKernel.Testing;

/// <summary>
/// A seeded pseudo-random generator whose output is the same on every machine, runtime version and
/// architecture: xoshiro256** seeded through SplitMix64, and normal samples built from integer arithmetic and
/// basic float operations only. <see cref="Random"/> does not promise a stable sequence across .NET versions,
/// and Box–Muller needs <c>Math.Log</c>/<c>Math.Cos</c>, whose last bits differ between C runtimes.
/// </summary>
internal sealed class DeterministicRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public DeterministicRandom(ulong seed)
    {
        var state = seed;
        _s0 = SplitMix64(ref state);
        _s1 = SplitMix64(ref state);
        _s2 = SplitMix64(ref state);
        _s3 = SplitMix64(ref state);
    }

    /// <summary>Derives a seed from a base seed and a name, so each tensor gets its own stream whatever the order.</summary>
    public static ulong DeriveSeed(ulong seed, string name)
    {
        // FNV-1a over the UTF-16 code units: stable, unlike string.GetHashCode, which is randomized per process.
        var hash = 14695981039346656037UL ^ seed;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Returns an integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int maxExclusive) => (int)(NextUInt64() % (ulong)maxExclusive);

    /// <summary>
    /// Returns an approximately normal sample N(0, <paramref name="standardDeviation"/>²): the Irwin–Hall sum of
    /// four uniforms, centred and scaled to unit variance. Bounded at ±3.46σ, which suits random weights.
    /// </summary>
    public float NextNormal(float standardDeviation)
    {
        // Four 24-bit uniforms from two 64-bit draws; each is exactly representable, the sum too.
        var a = NextUInt64();
        var b = NextUInt64();
        const double Scale = 1.0 / (1 << 24);
        var sum = (((a >> 40) + ((a >> 8) & 0xFFFFFF) + (b >> 40) + ((b >> 8) & 0xFFFFFF)) * Scale) - 2.0;

        // Var(U) = 1/12, so Var(sum of four) = 1/3 and sqrt(3) restores unit variance; Math.Sqrt is correctly rounded everywhere.
        return (float)(sum * Math.Sqrt(3.0) * standardDeviation);
    }

    private static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong value, int bits) => (value << bits) | (value >> (64 - bits));
}
