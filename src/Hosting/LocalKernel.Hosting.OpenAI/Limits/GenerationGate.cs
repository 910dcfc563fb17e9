using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>
/// The bounded queue in front of the models: at most <see cref="OpenAIServerOptions.MaxConcurrentRequests"/> requests
/// run, at most <see cref="OpenAIServerOptions.MaxQueuedRequests"/> wait (first come, first served), and the next one
/// is answered 429 with <c>Retry-After</c> at once. Without it every request would be accepted into the scheduler's
/// own unbounded queue and a burst would only end in timeouts. Built on System.Threading.RateLimiting's
/// <see cref="ConcurrencyLimiter"/>; a waiting request that disconnects leaves the queue.
/// </summary>
/// <remarks>Thread-safe. One instance per server (registered as a singleton).</remarks>
public sealed class GenerationGate : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private readonly int _retryAfterSeconds;

    /// <summary>Creates the gate from the server's options.</summary>
    public GenerationGate(OpenAIServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        MaxConcurrent = options.MaxConcurrentRequestsOrDefault;
        MaxQueued = options.MaxQueuedRequestsOrDefault;
        _retryAfterSeconds = options.RetryAfterSecondsOrDefault;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = MaxConcurrent,
            QueueLimit = MaxQueued,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Requests that may run at once.</summary>
    public int MaxConcurrent { get; }

    /// <summary>Requests that may wait.</summary>
    public int MaxQueued { get; }

    /// <summary>Requests waiting now.</summary>
    public long Queued => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>Requests running now.</summary>
    public long Running => MaxConcurrent - (_limiter.GetStatistics()?.CurrentAvailablePermits ?? MaxConcurrent);

    /// <summary>Waits for a slot.</summary>
    /// <returns>The lease to dispose when the request ends.</returns>
    /// <exception cref="OpenAIRequestException">429: the queue is full.</exception>
    /// <exception cref="OperationCanceledException">The request was aborted while waiting.</exception>
    public async ValueTask<IDisposable> EnterAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lease = await _limiter.AcquireAsync(1, context.RequestAborted);
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        context.Response.Headers.RetryAfter = _retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        throw new OpenAIRequestException(
            StatusCodes.Status429TooManyRequests,
            $"The server is busy: {MaxConcurrent} requests are running and {MaxQueued} are waiting. Retry after {_retryAfterSeconds} s.",
            OpenAIErrors.RateLimit,
            code: "queue_full");
    }

    /// <summary>Releases the limiter; waiting requests fail.</summary>
    public void Dispose() => _limiter.Dispose();
}
