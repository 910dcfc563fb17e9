using System.ComponentModel;
using LocalKernel.Agents;
using LocalKernel.Connectors.LlamaCpp;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace LocalKernel.Samples.SemanticKernelQuickstart;

/// <summary>The README's "Agent Framework" section, as running code.</summary>
public static class AgentFrameworkDemo
{
    [Description("Switches the light of a room on.")]
    private static string SwitchOn([Description("The room")] Room room) => $"The {room} light is on.";

    /// <summary>Runs an agent with a tool, streaming, then resumes its saved session; returns the tool's first result.</summary>
    public static async Task<string> RunAsync(string modelPath, TextWriter output)
    {
        // snippet: agent-framework
        using var model = LlamaModel.Load(modelPath);
        var agent = new ChatClientBuilder(new LlamaChatClient(model, new() { ContextSize = 2048 }))
            .UseArgumentCheckingFunctionInvocation()                     // Microsoft.Extensions.AI's loop; the agent adds no second one
            .BuildAIAgent(new ChatClientAgentOptions
            {
                Name = "home",
                ChatOptions = new()
                {
                    Instructions = "You control the lights.",
                    Tools = [AIFunctionFactory.Create(SwitchOn, "switch_on")],
                    ToolMode = ChatToolMode.RequireAny,                  // a grammar makes even a tiny model call
                    AllowMultipleToolCalls = false,
                    Temperature = 0.7f,
                    Seed = 7,
                    MaxOutputTokens = 200,
                },
            });

        var session = await agent.CreateSessionAsync();
        string? toolResult = null;
        await foreach (var update in agent.RunStreamingAsync("Turn on the living room light.", session))
        {
            toolResult ??= update.Contents.OfType<FunctionResultContent>().FirstOrDefault()?.Result?.ToString();
        }

        var saved = await agent.SerializeSessionAsync(session);         // JSON: store it anywhere
        var resumed = await agent.DeserializeSessionAsync(saved);
        var followUp = await agent.RunAsync("And the kitchen?", resumed);
        // end snippet

        output.WriteLine($"Agent Framework: the tool returned: {toolResult ?? "(no call)"}");
        output.WriteLine($"Agent Framework: after resuming, {followUp.Messages.Count} new messages");
        return toolResult ?? "";
    }
}
