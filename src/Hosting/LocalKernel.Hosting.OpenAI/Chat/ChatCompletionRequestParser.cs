using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>
/// The body of <c>/v1/chat/completions</c> → <see cref="ChatCompletionRequest"/>. Hand-written over
/// <see cref="JsonDocument"/> because no library parses OpenAI's request on the server side (the OpenAI SDK only builds
/// it), and because each refusal must name the field, as OpenAI's own 400s do. Fields a local model cannot honour
/// (<c>n</c> &gt; 1, <c>logprobs</c>, <c>logit_bias</c>) are refused, not ignored; unknown fields are ignored, as clients
/// send many.
/// </summary>
internal static partial class ChatCompletionRequestParser
{
    public static ChatCompletionRequest Parse(JsonElement root, OpenAIServerOptions serverOptions)
    {
        var model = JsonFields.String(root, "model")
            ?? throw OpenAIRequestException.BadRequest("'model' is required: one of the ids of GET /v1/models.", "model", "missing_required_parameter");
        var messages = ChatMessageParser.Parse(root);
        RefuseUnsupported(root);

        var options = new ChatOptions { ModelId = model };
        var maxTokens = JsonFields.Integer(root, "max_completion_tokens", 1, int.MaxValue) ?? JsonFields.Integer(root, "max_tokens", 1, int.MaxValue);
        int cap = serverOptions.MaxTokensCapOrDefault;
        if (maxTokens > cap)
        {
            var param = root.TryGetProperty("max_completion_tokens", out _) ? "max_completion_tokens" : "max_tokens";
            throw OpenAIRequestException.BadRequest($"'{param}' is {maxTokens}; this server generates at most {cap} tokens per request.", param, "invalid_value");
        }

        options.MaxOutputTokens = (int)(maxTokens ?? cap);
        options.Temperature = (float?)JsonFields.Number(root, "temperature", 0, 2);
        options.TopP = (float?)JsonFields.Number(root, "top_p", 0, 1);
        options.TopK = (int?)JsonFields.Integer(root, "top_k", 0, int.MaxValue);
        options.FrequencyPenalty = (float?)JsonFields.Number(root, "frequency_penalty", -2, 2);
        options.PresencePenalty = (float?)JsonFields.Number(root, "presence_penalty", -2, 2);
        options.Seed = JsonFields.Integer(root, "seed", long.MinValue, long.MaxValue);
        AddExtension(options, "min_p", (float?)JsonFields.Number(root, "min_p", 0, 1));
        AddExtension(options, "repeat_penalty", (float?)JsonFields.Number(root, "repeat_penalty", 0, 10));
        options.StopSequences = Stop(root);
        options.ResponseFormat = ResponseFormat(root);
        AddTools(root, options);

        var streamOptions = JsonFields.Get(root, "stream_options");
        return new ChatCompletionRequest
        {
            Model = model,
            Messages = messages,
            Options = options,
            Stream = JsonFields.Bool(root, "stream") ?? false,
            IncludeUsage = streamOptions is { ValueKind: JsonValueKind.Object } so && (JsonFields.Bool(so, "include_usage", "stream_options.include_usage") ?? false),
        };
    }

    private static void RefuseUnsupported(JsonElement root)
    {
        if (JsonFields.Integer(root, "n", 1, 128) is > 1)
        {
            throw OpenAIRequestException.BadRequest("'n' must be 1: this server writes one choice per request.", "n", "unsupported_value");
        }

        if (JsonFields.Bool(root, "logprobs") == true || JsonFields.Get(root, "top_logprobs") is not null)
        {
            throw OpenAIRequestException.BadRequest("'logprobs' is not supported by this server.", "logprobs", "unsupported_parameter");
        }

        if (JsonFields.Get(root, "logit_bias") is { ValueKind: JsonValueKind.Object } bias && bias.EnumerateObject().Any())
        {
            throw OpenAIRequestException.BadRequest("'logit_bias' is not supported by this server.", "logit_bias", "unsupported_parameter");
        }
    }

    private static void AddExtension(ChatOptions options, string name, float? value)
    {
        if (value is { } v)
        {
            (options.AdditionalProperties ??= [])[name] = v;
        }
    }

    private static List<string>? Stop(JsonElement root)
    {
        switch (JsonFields.Get(root, "stop"))
        {
            case null:
                return null;
            case { ValueKind: JsonValueKind.String } one:
                return [one.GetString()!];
            case { ValueKind: JsonValueKind.Array } many when many.GetArrayLength() <= 16 && many.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String):
                return many.EnumerateArray().Select(s => s.GetString()!).Where(s => s.Length > 0).ToList();
            default:
                throw JsonFields.Wrong("stop", "a string or an array of at most 16 strings");
        }
    }

    private static ChatResponseFormat? ResponseFormat(JsonElement root)
    {
        if (JsonFields.Get(root, "response_format") is not { } format)
        {
            return null;
        }

        var type = format.ValueKind == JsonValueKind.Object ? JsonFields.String(format, "type", "response_format.type") : null;
        switch (type)
        {
            case "text":
                return null;
            case "json_object":
                return ChatResponseFormat.Json;
            case "json_schema":
                if (JsonFields.Get(format, "json_schema") is not { ValueKind: JsonValueKind.Object } spec ||
                    JsonFields.Get(spec, "schema") is not { ValueKind: JsonValueKind.Object } schema)
                {
                    throw OpenAIRequestException.BadRequest("'response_format.json_schema.schema' is required: a JSON schema object.", "response_format.json_schema.schema", "missing_required_parameter");
                }

                return ChatResponseFormat.ForJsonSchema(schema.Clone(),
                    JsonFields.String(spec, "name", "response_format.json_schema.name"),
                    JsonFields.String(spec, "description", "response_format.json_schema.description"));
            default:
                throw OpenAIRequestException.BadRequest("'response_format.type' must be text, json_object or json_schema.", "response_format.type", "invalid_value");
        }
    }

    private static void AddTools(JsonElement root, ChatOptions options)
    {
        var names = new List<string>();
        if (JsonFields.Get(root, "tools") is { } tools)
        {
            if (tools.ValueKind != JsonValueKind.Array)
            {
                throw JsonFields.Wrong("tools", "an array");
            }

            options.Tools = [];
            int i = 0;
            foreach (var tool in tools.EnumerateArray())
            {
                var param = $"tools[{i++}]";
                if (tool.ValueKind != JsonValueKind.Object || JsonFields.String(tool, "type", param + ".type") != "function" ||
                    JsonFields.Get(tool, "function") is not { ValueKind: JsonValueKind.Object } function)
                {
                    throw OpenAIRequestException.BadRequest($"'{param}' must be {{\"type\": \"function\", \"function\": {{…}}}}.", param, "invalid_value");
                }

                var name = JsonFields.String(function, "name", param + ".function.name");
                if (name is null || !FunctionName().IsMatch(name))
                {
                    throw OpenAIRequestException.BadRequest($"'{param}.function.name' must be 1–64 letters, digits, '_' or '-'.", param + ".function.name", "invalid_value");
                }

                var parameters = JsonFields.Get(function, "parameters") is { ValueKind: JsonValueKind.Object } p
                    ? p.Clone()
                    : JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;
                options.Tools.Add(AIFunctionFactory.CreateDeclaration(name, JsonFields.String(function, "description", param + ".function.description"), parameters));
                names.Add(name);
            }
        }

        options.AllowMultipleToolCalls = JsonFields.Bool(root, "parallel_tool_calls");
        options.ToolMode = ToolChoice(root, names);
        if (options.ToolMode is NoneChatToolMode)
        {
            // OpenAI's "none": the model must not call; not telling it about the tools is the sure way.
            options.Tools = null;
        }
    }

    private static ChatToolMode? ToolChoice(JsonElement root, List<string> names)
    {
        switch (JsonFields.Get(root, "tool_choice"))
        {
            case null:
                return null;
            case { ValueKind: JsonValueKind.String } choice:
                return choice.GetString() switch
                {
                    "none" => ChatToolMode.None,
                    "auto" => ChatToolMode.Auto,
                    "required" when names.Count > 0 => ChatToolMode.RequireAny,
                    "required" => throw OpenAIRequestException.BadRequest("'tool_choice' is required but no 'tools' are given.", "tool_choice", "invalid_value"),
                    var other => throw OpenAIRequestException.BadRequest($"'tool_choice' must be none, auto, required or a named function; '{other}' is not.", "tool_choice", "invalid_value"),
                };
            case { ValueKind: JsonValueKind.Object } named
                when JsonFields.Get(named, "function") is { ValueKind: JsonValueKind.Object } function &&
                     JsonFields.String(function, "name", "tool_choice.function.name") is { } name:
                return names.Contains(name, StringComparer.Ordinal)
                    ? ChatToolMode.RequireSpecific(name)
                    : throw OpenAIRequestException.BadRequest($"'tool_choice' names the function '{name}', which is not among 'tools'.", "tool_choice", "invalid_value");
            default:
                throw JsonFields.Wrong("tool_choice", "none, auto, required or {\"type\": \"function\", \"function\": {\"name\": …}}");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex FunctionName();
}
