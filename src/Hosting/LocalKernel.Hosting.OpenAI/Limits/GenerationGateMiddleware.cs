using Microsoft.AspNetCore.Http;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>Holds a <see cref="GenerationGate"/> slot around every endpoint marked with <see cref="GenerationSlotMetadata"/>,
/// and turns the server's refusals into OpenAI error JSON.</summary>
internal sealed class GenerationGateMiddleware(RequestDelegate next, GenerationGate gate, ServerMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GenerationSlotMetadata>() is null)
        {
            await next(context);
            return;
        }

        IDisposable lease;
        try
        {
            lease = await gate.EnterAsync(context);
        }
        catch (OpenAIRequestException e)
        {
            metrics.Rejected();
            await OpenAIErrors.WriteAsync(context, e);
            return;
        }

        using (lease)
        {
            await next(context);
        }
    }
}
