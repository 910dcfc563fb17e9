using System.Diagnostics;
using Xunit.Abstractions;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// Property: a real template with random damage either renders or fails with <see cref="ChatTemplateException"/>,
/// never another exception and never a hang. The seed is fixed, so a failure reproduces.
/// </summary>
public sealed class MalformedTemplateTests(ITestOutputHelper output)
{
    private const int Cases = 600;

    private static readonly string[] Fragments =
    [
        "{%", "%}", "{{", "}}", "{#", "#}", "{%-", "-%}", "{{-", "-}}", "(", ")", "[", "]", "{", "}", "'", "\"", "|", ".", ",",
        ":", "=", "-", "+", "*", "**", "/", "//", "%", "~", "!", "\\", " if ", " else ", " elif ", " endif ", " for ", " in ",
        " endfor ", " set ", " endset ", " macro ", " endmacro ", " not ", " is ", " and ", " or ", "loop", "messages", "none",
        "range(99999999)", "namespace()", "raise_exception('x')", "|tojson", "|join", "[::-1]", "caller()", "break", "\n", "é",
    ];

    [Fact]
    public async Task MutatedRealTemplatesRenderOrFailWithATemplateError()
    {
        var random = new Random(20240726);
        var templates = TemplateTestData.TemplateFiles.Select(File.ReadAllText).ToList();
        var contexts = ParityConversations.All.Select(c => c.Context).ToList();
        var outcomes = new Dictionary<string, int>();
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < Cases; i++)
        {
            var source = Mutate(templates[random.Next(templates.Count)], random);
            var context = ParityConversations.ToContext(contexts[random.Next(contexts.Count)]);
            context.MaxSteps = 2_000_000;
            var stopwatch = Stopwatch.StartNew();
            var task = Task.Run(() =>
            {
                try
                {
                    ChatTemplate.Parse(source).Render(context);
                    return "rendered";
                }
                catch (ChatTemplateException error)
                {
                    Assert.False(error.Reason.StartsWith("Internal error", StringComparison.Ordinal), $"engine bug: {error.InnerException}\n--- template ---\n{source}");
                    Assert.True(error.Line > 0, $"no position for: {error.Message}");
                    return error.Kind.ToString();
                }
            });
            Assert.True(await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(30))) == task, $"case {i} did not finish:\n{source}");
            string outcome;
            try
            {
                outcome = await task;
            }
            catch (Exception error) when (error is not Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException($"case {i} threw {error}\n--- template ---\n{source}");
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            slowest = stopwatch.Elapsed > slowest ? stopwatch.Elapsed : slowest;
        }

        output.WriteLine($"{Cases} mutated templates: {string.Join(", ", outcomes.Select(o => $"{o.Value} {o.Key}"))}; slowest {slowest.TotalMilliseconds:F0} ms");
        Assert.True(outcomes.Count > 2, "the mutations should produce both renderings and several kinds of errors");
    }

    private static string Mutate(string template, Random random)
    {
        var text = template;
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits && text.Length > 0; e++)
        {
            var at = random.Next(text.Length);
            var length = Math.Min(random.Next(1, 12), text.Length - at);
            text = random.Next(5) switch
            {
                0 => text.Remove(at, length),
                1 => text.Insert(at, Fragments[random.Next(Fragments.Length)]),
                2 => text.Insert(at, text.Substring(random.Next(text.Length - length + 1), length)),
                3 => text.Remove(at, length).Insert(at, Fragments[random.Next(Fragments.Length)]),
                _ => text[..at] + text[(at + length)..] + text.Substring(at, length),
            };
        }

        return text;
    }
}
