namespace LocalKernel.Agents;

/// <summary>
/// The arguments of a model's tool call could not be read (the connector set <c>FunctionCallContent.Exception</c>),
/// so the function was not invoked. Its message is written for the model: what was wrong and what to do instead.
/// </summary>
public sealed class ToolCallArgumentsException : Exception
{
    /// <summary>Creates the error for a call of <paramref name="functionName"/> whose arguments failed with <paramref name="innerException"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ToolCallArgumentsException(string functionName, Exception innerException)
        : base(Describe(functionName, innerException), innerException)
    {
        FunctionName = functionName;
    }

    /// <summary>The function the model called.</summary>
    public string FunctionName { get; }

    private static string Describe(string functionName, Exception innerException)
    {
        ArgumentNullException.ThrowIfNull(functionName);
        ArgumentNullException.ThrowIfNull(innerException);
        return $"The arguments of the call to '{functionName}' could not be read ({innerException.Message.TrimEnd('.')}), so it was not run. " +
            $"Call '{functionName}' again with one JSON object of the arguments its parameters describe.";
    }
}
