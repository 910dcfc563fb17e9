using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// The reference engine, @huggingface/jinja (pinned in tests/scripts/jinja-reference/package-lock.json), run by
/// node through tests/scripts/render-jinja-reference.mjs. Installed with <c>npm ci</c> on first use.
/// </summary>
internal static class ReferenceJinja
{
    /// <summary>The instant both engines use for <c>strftime_now</c>.</summary>
    public static readonly DateTimeOffset FixedNow = new(2024, 7, 26, 10, 30, 0, TimeSpan.Zero);

    private static readonly Lazy<string> Script = new(Install);

    public sealed record Outcome(bool Ok, string Text, string Error);

    public static IReadOnlyList<Outcome> RenderAll(IEnumerable<(string Template, JsonObject Context)> cases)
    {
        var input = new JsonArray();
        foreach (var (template, context) in cases)
        {
            input.Add(new JsonObject
            {
                ["template"] = template,
                ["context"] = context.DeepClone(),
                ["now"] = FixedNow.ToString("O"),
            });
        }

        var result = TemplateTestProcess.Run(
            "node",
            [Script.Value],
            TemplateTestData.RepositoryRoot,
            input.ToJsonString(),
            TimeSpan.FromMinutes(2),
            new Dictionary<string, string> { ["TZ"] = "UTC", ["LANG"] = "en_US.UTF-8" });
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"The reference renderer failed ({result.ExitCode}): {result.Stderr}");
        }

        return JsonNode.Parse(result.Stdout)!.AsArray()
            .Select(node => new Outcome(
                node!["ok"]!.GetValue<bool>(),
                node["text"]?.GetValue<string>() ?? string.Empty,
                node["error"]?.GetValue<string>() ?? string.Empty))
            .ToList();
    }

    private static string Install()
    {
        var scripts = Path.Combine(TemplateTestData.RepositoryRoot, "tests", "scripts");
        var package = Path.Combine(scripts, "jinja-reference");
        if (!File.Exists(Path.Combine(package, "node_modules", "@huggingface", "jinja", "package.json")))
        {
            var install = TemplateTestProcess.Run(
                "npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], package, stdin: null, TimeSpan.FromMinutes(5));
            if (install.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci of the reference engine failed ({install.ExitCode}): {install.Stderr}");
            }
        }

        return Path.Combine(scripts, "render-jinja-reference.mjs");
    }
}
