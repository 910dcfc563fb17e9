using LocalKernel.Samples.SemanticKernelQuickstart;
using LocalKernel.Testing;

// Usage: dotnet run --project samples/SemanticKernelQuickstart [-- model.gguf]
// Without a model, a tiny random-weight model is generated (a grammar still makes it call the plugin; its words are noise).
var modelPath = args.Length > 0 ? args[0] : TestModelGenerator.GetOrCreate(TestModelSpec.Tiny);
Console.WriteLine($"Model: {modelPath}");
var kernelResult = await SemanticKernelDemo.RunAsync(modelPath, Console.Out);
var agentResult = await AgentFrameworkDemo.RunAsync(modelPath, Console.Out);
return kernelResult.Length > 0 && agentResult.Length > 0 ? 0 : 1;
