using Microsoft.Extensions.AI;

namespace LocalKernel.Agents.Tests;

/// <summary>Builds the function-invocation loops under test the way applications do: through a <see cref="ChatClientBuilder"/>.</summary>
internal static class Loop
{
    /// <summary>Microsoft.Extensions.AI's own loop (<c>UseFunctionInvocation()</c>) over <paramref name="inner"/>.</summary>
    public static IChatClient Over(IChatClient inner, Action<FunctionInvokingChatClient>? configure = null) =>
        new ChatClientBuilder(inner).UseFunctionInvocation(configure: configure).Build();

    /// <summary>The same loop with LocalKernel's check of unreadable arguments.</summary>
    public static IChatClient Checked(IChatClient inner, Action<FunctionInvokingChatClient>? configure = null) =>
        new ChatClientBuilder(inner).UseArgumentCheckingFunctionInvocation(configure: configure).Build();
}
