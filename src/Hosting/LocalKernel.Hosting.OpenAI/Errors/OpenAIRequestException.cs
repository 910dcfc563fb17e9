namespace LocalKernel.Hosting.OpenAI;

/// <summary>
/// A request the server refuses, with the HTTP status and the fields of OpenAI's error JSON. Endpoint code throws it;
/// <see cref="OpenAIErrors"/> writes it as <c>{"error": {"message", "type", "param", "code"}}</c>.
/// </summary>
/// <param name="statusCode">The HTTP status (400, 401, 404, 413, 429, 503, …).</param>
/// <param name="message">What is wrong, for people.</param>
/// <param name="type">OpenAI's error type, e.g. <c>invalid_request_error</c>.</param>
/// <param name="param">The request field at fault, when one is.</param>
/// <param name="code">A machine-readable code, e.g. <c>model_not_found</c>.</param>
public sealed class OpenAIRequestException(int statusCode, string message, string type = OpenAIErrors.InvalidRequest, string? param = null, string? code = null)
    : Exception(message)
{
    /// <summary>The HTTP status.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>OpenAI's error type.</summary>
    public string Type { get; } = type;

    /// <summary>The request field at fault, or null.</summary>
    public string? Param { get; } = param;

    /// <summary>A machine-readable code, or null.</summary>
    public string? Code { get; } = code;

    /// <summary>A 400 about one request field.</summary>
    public static OpenAIRequestException BadRequest(string message, string? param = null, string? code = null) =>
        new(400, message, OpenAIErrors.InvalidRequest, param, code);
}
