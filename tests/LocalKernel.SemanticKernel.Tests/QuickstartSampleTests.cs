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
}
