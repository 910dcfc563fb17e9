using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LocalKernel.Agents;

/// <summary>Adds <see cref="ArgumentCheckingFunctionInvokingChatClient"/> to a chat pipeline.</summary>
public static class ArgumentCheckingFunctionInvocationExtensions
{
    /// <summary>
    /// Like Microsoft.Extensions.AI's <c>UseFunctionInvocation()</c>, with calls whose arguments could not be read
    /// reported to the model instead of invoked (see <see cref="ArgumentCheckingFunctionInvokingChatClient"/>).
    /// </summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="loggerFactory">Logs invocations; default: the one in the pipeline's services.</param>
    /// <param name="configure">Sets the loop's options (iterations, errors, concurrency, …).</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ChatClientBuilder UseArgumentCheckingFunctionInvocation(this ChatClientBuilder builder, ILoggerFactory? loggerFactory = null,
        Action<FunctionInvokingChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            var client = new ArgumentCheckingFunctionInvokingChatClient(inner, loggerFactory ?? services.GetService<ILoggerFactory>(), services);
            configure?.Invoke(client);
            return client;
        });
    }
}
