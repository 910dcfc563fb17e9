using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LocalKernel.Hosting.OpenAI;

/// <summary><c>GET /v1/models</c> and <c>GET /v1/models/{id}</c>, in OpenAI's <c>list</c> / <c>model</c> shapes.</summary>
internal static class ModelsEndpoint
{
    public static Task ListAsync(HttpContext context) => OpenAIEndpointHandler.RunAsync(context, async () =>
    {
        var models = context.RequestServices.GetRequiredService<ServedModels>();
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("object", "list");
        json.WriteStartArray("data");
        foreach (var id in models.Ids)
        {
            Write(json, models, id);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    public static Task GetAsync(HttpContext context) => OpenAIEndpointHandler.RunAsync(context, async () =>
    {
        var models = context.RequestServices.GetRequiredService<ServedModels>();
        var id = context.Request.RouteValues["id"] as string ?? string.Empty;
        if (!models.Ids.Contains(id, StringComparer.Ordinal))
        {
            throw new OpenAIRequestException(StatusCodes.Status404NotFound, $"The model '{id}' does not exist on this server.", OpenAIErrors.InvalidRequest, "model", "model_not_found");
        }

        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        Write(json, models, id);
    });

    private static void Write(Utf8JsonWriter json, ServedModels models, string id)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteString("object", "model");
        json.WriteNumber("created", models.Created.ToUnixTimeSeconds());
        json.WriteString("owned_by", models.OwnerOf(id));
        json.WriteEndObject();
    }
}
