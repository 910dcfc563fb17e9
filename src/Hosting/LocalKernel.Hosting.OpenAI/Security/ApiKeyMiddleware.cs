using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>
/// Requires the API key on every path but the open ones. The key may come as <c>Authorization: Bearer</c> (what OpenAI
/// clients send) or <c>x-api-key</c>. Both sides are hashed first so the comparison takes the same time whatever the
/// length or the first differing byte of what was sent (<see cref="CryptographicOperations.FixedTimeEquals"/>).
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, OpenAIServerOptions options)
{
    private readonly byte[]? _keyHash = options.ApiKey is { Length: > 0 } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;
    private readonly HashSet<string> _open = new(options.OpenPaths, StringComparer.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        if (_keyHash is null || _open.Contains(context.Request.Path.Value ?? "/") || IsValid(context.Request))
        {
            return next(context);
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return OpenAIErrors.WriteAsync(context, new OpenAIRequestException(
            StatusCodes.Status401Unauthorized,
            "Missing or wrong API key: send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'.",
            OpenAIErrors.Authentication,
            code: "invalid_api_key"));
    }

    private bool IsValid(HttpRequest request)
    {
        string? presented = null;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization["Bearer ".Length..].Trim();
        }
        else if (request.Headers.TryGetValue("x-api-key", out var header))
        {
            presented = header.ToString();
        }

        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _keyHash);
    }
}
