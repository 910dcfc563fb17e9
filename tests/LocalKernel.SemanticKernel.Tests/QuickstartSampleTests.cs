using LocalKernel.Samples.SemanticKernelQuickstart;
using LocalKernel.Testing;

namespace LocalKernel.SemanticKernel.Tests;

/// <summary>The quickstart sample (whose code the README's Semantic Kernel and Agent Framework sections show) runs on a generated model.</summary>
public sealed class QuickstartSampleTests
{
    [Fact]
    public async Task The_semantic_kernel_part_prints_the_plugins_result()
    {
        var output = new StringWriter();
        var result = await SemanticKernelDemo.RunAsync(TestModelGenerator.GetOrCreate(TestModelSpec.Tiny), output);
        Assert.Matches("^The (Kitchen|LivingRoom) light is on\\.$", result);
        Assert.Contains($"the plugin returned: {result}", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_agent_framework_part_calls_its_tool_and_resumes_the_session()
    {
        var output = new StringWriter();
        var result = await AgentFrameworkDemo.RunAsync(TestModelGenerator.GetOrCreate(TestModelSpec.Tiny), output);
        Assert.Matches("^The (Kitchen|LivingRoom) light is on\\.$", result);
        Assert.Contains("after resuming", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SemanticKernelDemo.cs", "semantic-kernel")]
    [InlineData("AgentFrameworkDemo.cs", "agent-framework")]
    public void The_README_shows_the_samples_code_as_it_is(string file, string snippet)
    {
        var source = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "samples", "SemanticKernelQuickstart", file));
        int start = Array.FindIndex(source, l => l.Trim() == $"// snippet: {snippet}") + 1;
        int end = Array.FindIndex(source, start, l => l.Trim() == "// end snippet");
        Assert.True(start > 0 && end > start, $"{file} marks no snippet '{snippet}'");
        var lines = source[start..end];
        int indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        var code = string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));

        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md")).ReplaceLineEndings("\n");
        Assert.Contains("```csharp\n" + code + "\n```", readme, StringComparison.Ordinal);
    }
}
