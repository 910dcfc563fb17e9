using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// Every chat template of the pinned llama.cpp source (models/templates/*.jinja) renders the fixed conversations
/// (<see cref="ParityConversations"/>) to exactly the text @huggingface/jinja renders, or raises the same
/// <c>raise_exception</c> message; or it is listed in <see cref="Unsupported"/> with the reason.
/// </summary>
public sealed class TemplateParityTests(ITestOutputHelper output)
{
    /// <summary>
    /// Templates that cannot be compared exactly in every conversation, and why. <c>WeRender</c>: our engine
    /// must still render all conversations (the reference engine is what falls short; these renderings were
    /// checked by hand against Python's Jinja2). A listed template that starts matching fails the test, so the
    /// list stays true.
    /// </summary>
    private static readonly Dictionary<string, (string Reason, bool WeRender)> Unsupported = new(StringComparer.Ordinal)
    {
        ["Apriel-1.6-15b-Thinker-fixed.jinja"] = ("reference cannot apply 'string' to a dict (tools|string)", true),
        ["ByteDance-Seed-OSS.jinja"] = ("reference cannot build a dict literal with integer keys", true),
        ["CohereForAI-c4ai-command-r-plus-tool_use.jinja"] = (
            "reference cannot loop over undefined 'tools'; with tools the template reads Cohere's own tool format " +
            "(tool.name, parameter_definitions), not the Hugging Face function schema, and fails in Jinja2 too", false),
        ["Kimi-K2-Instruct.jinja"] = ("reference has no list.append/list.pop (tool-call conversation)", true),
        ["Kimi-K2-Thinking.jinja"] = ("reference has no list.append/list.pop (tool-call conversation)", true),
        ["NousResearch-Hermes-2-Pro-Llama-3-8B-tool_use.jinja"] = (
            "reference cannot loop over undefined 'tools' nor trim an undefined parameter description", true),
        ["NousResearch-Hermes-3-Llama-3.1-8B-tool_use.jinja"] = (
            "reference cannot loop over undefined 'tools' nor trim an undefined parameter description", true),
        ["fireworks-ai-llama-3-firefunction-v2.jinja"] = (
            "template needs 'functions' (a JSON string) and 'datetime' variables instead of 'tools'; fails in Jinja2 too", false),
        ["meetkai-functionary-medium-v3.1.jinja"] = ("reference cannot apply selectattr to none (tools absent)", true),
        ["meetkai-functionary-medium-v3.2.jinja"] = ("reference cannot unpack a tuple in a for loop (tool-call conversation)", true),
        ["openbmb-MiniCPM5-1B.jinja"] = ("reference has no 'min' filter (tool-call conversation)", true),
        ["tencent-Hy3.jinja"] = ("reference has no str.format", true),
        ["unsloth-Apriel-1.5.jinja"] = ("reference cannot take the length of undefined nor apply 'string' to a dict", true),
    };

    /// <summary>Families that must match exactly in every conversation the reference engine can render.</summary>
    private static readonly string[] RequiredFamilies =
    [
        "llama-3", "qwen", "mistral", "devstral", "phi-3", "phi-4", "gemma", "deepseek", "granite", "command-r", "cohere", "smollm",
    ];

    private enum CaseResult
    {
        Exact,
        SameRaise,
        ReferenceFails,
        Differs,
        OursFails,
    }

    [Fact]
    public void EveryLlamaCppTemplateRendersLikeTheReferenceEngine()
    {
        var templates = TemplateTestData.TemplateFiles.Select(path => (Name: Path.GetFileName(path), Source: File.ReadAllText(path))).ToList();
        Assert.NotEmpty(templates);
        var conversations = ParityConversations.All;
        var cases = templates.SelectMany(t => conversations.Select(c => (t.Name, t.Source, Conversation: c.Name, c.Context))).ToList();
        var reference = ReferenceJinja.RenderAll(cases.Select(c => (c.Source, c.Context)));

        var results = new Dictionary<string, List<(string Conversation, CaseResult Result, string Detail)>>(StringComparer.Ordinal);
        for (var i = 0; i < cases.Count; i++)
        {
            var (name, source, conversation, context) = cases[i];
            var (result, detail, ours) = Compare(source, context, reference[i]);
            Dump(name, conversation, context, ours);
            if (!results.TryGetValue(name, out var list))
            {
                results[name] = list = [];
            }

            list.Add((conversation, result, detail));
        }

        var failures = new List<string>();
        var table = new StringBuilder();
        table.AppendLine($"{"template",-55} {string.Join(" ", conversations.Select(c => $"{c.Name,-10}"))} status");
        var counts = new Dictionary<string, int>();
        foreach (var (name, rows) in results)
        {
            var exact = rows.All(r => r.Result is CaseResult.Exact or CaseResult.SameRaise);
            var status = exact ? "exact" : Unsupported.TryGetValue(name, out var reason) ? $"unsupported: {reason.Reason}" : "DIFFERS";
            var bucket = exact ? "exact" : Unsupported.ContainsKey(name) ? "unsupported" : "differs";
            counts[bucket] = counts.GetValueOrDefault(bucket) + 1;
            table.AppendLine($"{name,-55} {string.Join(" ", rows.Select(r => $"{Short(r.Result),-10}"))} {status}");
            foreach (var row in rows.Where(r => r.Result is not (CaseResult.Exact or CaseResult.SameRaise)))
            {
                table.AppendLine($"    {row.Conversation}: {row.Result}: {row.Detail}");
            }

            if (exact && Unsupported.ContainsKey(name))
            {
                failures.Add($"{name} now matches exactly: remove it from the unsupported list");
            }
            else if (!exact && !Unsupported.ContainsKey(name))
            {
                failures.Add($"{name}: {string.Join("; ", rows.Where(r => r.Result is not (CaseResult.Exact or CaseResult.SameRaise)).Select(r => $"{r.Conversation} {r.Result}"))}");
            }

            if (Unsupported.TryGetValue(name, out var listed) && listed.WeRender && rows.Any(r => r.Detail.Contains("/ we fail", StringComparison.Ordinal)))
            {
                failures.Add($"{name}: our engine must render every conversation the reference engine cannot");
            }

            var required = RequiredFamilies.Any(f => name.Contains(f, StringComparison.OrdinalIgnoreCase));
            if (required && rows.Any(r => r.Result is CaseResult.Differs or CaseResult.OursFails))
            {
                failures.Add($"{name} belongs to a family that must render exactly");
            }
        }

        table.AppendLine($"{templates.Count} templates: {string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"))}");
        output.WriteLine(table.ToString());
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static string Short(CaseResult result) => result switch
    {
        CaseResult.Exact => "exact",
        CaseResult.SameRaise => "raises",
        CaseResult.ReferenceFails => "ref-fails",
        CaseResult.Differs => "DIFFERS",
        _ => "OURS-FAILS",
    };

    private static (CaseResult Result, string Detail, string Ours) Compare(string source, JsonObject context, ReferenceJinja.Outcome reference)
    {
        string? text = null;
        ChatTemplateException? error = null;
        try
        {
            text = ChatTemplate.Parse(source).Render(ParityConversations.ToContext(context));
        }
        catch (ChatTemplateException e)
        {
            error = e;
        }

        var ours = text ?? $"ERROR: {error!.Message}";

        if (!reference.Ok)
        {
            if (error is { Kind: ChatTemplateErrorKind.RaisedByTemplate } && error.Reason == reference.Error)
            {
                return (CaseResult.SameRaise, error.Reason, ours);
            }

            var what = error is null ? "we render it" : $"we fail too: {error.Message}";
            return (CaseResult.ReferenceFails, $"reference: {reference.Error} / {what}", ours);
        }

        if (error is not null)
        {
            return (CaseResult.OursFails, error.Message, ours);
        }

        return text == reference.Text
            ? (CaseResult.Exact, string.Empty, ours)
            : (CaseResult.Differs, FirstDifference(reference.Text, text!), ours);
    }

    /// <summary>
    /// With LOCALKERNEL_TEMPLATE_DUMP set to a directory, writes each context and our rendering there, to compare
    /// by hand with other engines (Python's Jinja2) where the reference engine cannot render.
    /// </summary>
    private static void Dump(string template, string conversation, JsonObject context, string ours)
    {
        if (Environment.GetEnvironmentVariable("LOCALKERNEL_TEMPLATE_DUMP") is not { Length: > 0 } directory)
        {
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, $"{template}.{conversation}.context.json"), context.ToJsonString());
        File.WriteAllText(Path.Combine(directory, $"{template}.{conversation}.ours.txt"), ours);
    }

    private static string FirstDifference(string expected, string actual)
    {
        var i = 0;
        while (i < expected.Length && i < actual.Length && expected[i] == actual[i])
        {
            i++;
        }

        static string Around(string s, int at) => s.Substring(Math.Max(0, at - 30), Math.Min(s.Length, at + 40) - Math.Max(0, at - 30))
            .Replace("\n", "\\n", StringComparison.Ordinal);
        return $"at {i}: reference «{Around(expected, i)}» ours «{Around(actual, i)}»";
    }
}
