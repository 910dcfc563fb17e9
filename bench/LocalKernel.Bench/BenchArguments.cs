namespace LocalKernel.Bench;

/// <summary>"--name value" pairs after the benchmark name.</summary>
internal sealed class BenchArguments(string[] args)
{
    public string? Get(string name)
    {
        int i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>Whether a flag without a value was given ("--name").</summary>
    public bool Has(string name) => Array.IndexOf(args, "--" + name) >= 0;

    public int[] GetInts(string name, params int[] defaults) =>
        Get(name) is { } value ? value.Split(',').Select(int.Parse).ToArray() : defaults;
}
