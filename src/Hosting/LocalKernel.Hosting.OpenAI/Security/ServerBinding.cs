using System.Net;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>The rule that keeps a keyless server private: without an API key it may only listen on a loopback address.</summary>
public static class ServerBinding
{
    /// <summary>Whether <paramref name="host"/> is reachable only from this machine (127.0.0.0/8, ::1, <c>localhost</c>).</summary>
    public static bool IsLoopback(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var trimmed = host.Trim('[', ']');
        return trimmed.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(trimmed, out var address) && IPAddress.IsLoopback(address));
    }

    /// <summary>Refuses a non-loopback <paramref name="host"/> without <paramref name="apiKey"/>.</summary>
    /// <exception cref="InvalidOperationException">The host is reachable from other machines and no key is set; the
    /// message says how to fix it.</exception>
    public static void Validate(string host, string? apiKey)
    {
        if (string.IsNullOrEmpty(apiKey) && !IsLoopback(host))
        {
            throw new InvalidOperationException(
                $"Refusing to listen on '{host}' without an API key: other machines could use the models and read the documents. " +
                "Give a key (--api-key or KB_API_KEY) or listen on 127.0.0.1.");
        }
    }
}
