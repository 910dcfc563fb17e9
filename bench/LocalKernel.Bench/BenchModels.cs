using LocalKernel.Connectors.LlamaCpp;
using LocalKernel.Testing;

namespace LocalKernel.Bench;

/// <summary>The models a benchmark runs on: --model, else the shared stories260K and a generated ~60M-parameter model;
/// <c>--large</c> adds a generated ~350M-parameter model (for GPU runs).</summary>
internal static class BenchModels
{
    public static List<(string Name, string Path)> Resolve(BenchArguments arguments)
    {
        if (arguments.Get("model") is { } explicitModel)
        {
            return [(Path.GetFileNameWithoutExtension(explicitModel), explicitModel)];
        }

        var models = new List<(string Name, string Path)>
        {
            ("stories260K", TestPaths.Stories260K),
            ("generated-60M-Q8_0", TestModelGenerator.GetOrCreate(TestModelSpec.Approx60M)),
        };
        if (arguments.Has("large"))
        {
            models.Add(("generated-350M-Q8_0", TestModelGenerator.GetOrCreate(TestModelSpec.Approx350M)));
        }

        return models;
    }

    public static string Key(string model, string what, double value) =>
        $"{model.Replace('-', '_')}_{what}={value.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)}";
}
