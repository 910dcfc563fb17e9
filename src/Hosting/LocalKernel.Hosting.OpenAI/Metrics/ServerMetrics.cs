using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>
/// The server's instruments, on the <see cref="System.Diagnostics.Metrics.Meter"/> named <see cref="MeterName"/>:
/// requests by endpoint and status, prompt and completion tokens, queue depth, slots in use, time to first token and
/// request duration. Any exporter that listens to .NET meters (OpenTelemetry's Prometheus exporter, dotnet-counters)
/// reads them; nothing here depends on one.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class ServerMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "LocalKernel.Hosting.OpenAI";

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _promptTokens;
    private readonly Counter<long> _completionTokens;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Histogram<double> _duration;

    /// <summary>Creates the instruments; queue and slot gauges read <paramref name="gate"/>.</summary>
    public ServerMetrics(GenerationGate gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        _meter = new Meter(MeterName);
        _requests = _meter.CreateCounter<long>("localkernel.server.requests", "{request}", "Requests served, by endpoint and HTTP status.");
        _rejected = _meter.CreateCounter<long>("localkernel.server.rejected", "{request}", "Requests refused because the queue was full (429).");
        _promptTokens = _meter.CreateCounter<long>("localkernel.server.prompt_tokens", "{token}", "Prompt tokens processed.");
        _completionTokens = _meter.CreateCounter<long>("localkernel.server.completion_tokens", "{token}", "Tokens generated.");
        _timeToFirstToken = _meter.CreateHistogram<double>("localkernel.server.time_to_first_token", "s", "From request to the first generated text.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _duration = _meter.CreateHistogram<double>("localkernel.server.request_duration", "s", "Whole request, queue wait included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
        _meter.CreateObservableGauge("localkernel.server.queue_depth", () => gate.Queued, "{request}", "Requests waiting for a slot.");
        _meter.CreateObservableGauge("localkernel.server.slots_in_use", () => gate.Running, "{request}", "Requests running.");
        _meter.CreateObservableGauge("localkernel.server.slots", () => (long)gate.MaxConcurrent, "{request}", "Requests that may run at once.");
    }

    /// <summary>Records a finished request.</summary>
    public void Request(string endpoint, int status, TimeSpan duration)
    {
        var tags = new TagList { { "endpoint", endpoint }, { "status", status } };
        _requests.Add(1, tags);
        _duration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("endpoint", endpoint));
    }

    /// <summary>Records a request refused by the full queue.</summary>
    public void Rejected() => _rejected.Add(1);

    /// <summary>Records token counts of one generation.</summary>
    public void Tokens(string model, long prompt, long completion)
    {
        var tag = new KeyValuePair<string, object?>("model", model);
        _promptTokens.Add(prompt, tag);
        _completionTokens.Add(completion, tag);
    }

    /// <summary>Records the time to the first generated text.</summary>
    public void FirstToken(string model, TimeSpan elapsed) =>
        _timeToFirstToken.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("model", model));

    /// <summary>Disposes the meter.</summary>
    public void Dispose() => _meter.Dispose();
}
