using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LocalKernel.Hosting.OpenAI;

/// <summary>
/// Writes OpenAI's <c>chat.completion</c> and <c>chat.completion.chunk</c> objects field by field, in OpenAI's own
/// order and with its nulls, so strict clients (the OpenAI SDKs) read them as they read OpenAI's.
/// </summary>
internal static class ChatCompletionJson
{
    // OpenAI sends arguments on one line; M.E.AI's default options indent.
    private static readonly JsonSerializerOptions CompactJson = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    public static string FinishReason(ChatFinishReason? reason, bool calledTools) =>
        // Calls that were parsed are complete, whatever stopped the model afterwards: the client must run them.
        reason == ChatFinishReason.ToolCalls || calledTools ? "tool_calls"
        : reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : "stop";

    public static byte[] Completion(string id, long created, string model, string? text, IReadOnlyList<FunctionCallContent> calls, string finishReason, UsageDetails? usage)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            Header(json, id, "chat.completion", created, model);
            json.WriteStartArray("choices");
            json.WriteStartObject();
            json.WriteNumber("index", 0);
            json.WriteStartObject("message");
            json.WriteString("role", "assistant");
            if (calls.Count > 0 && string.IsNullOrEmpty(text))
            {
                json.WriteNull("content");
            }
            else
            {
                json.WriteString("content", text ?? string.Empty);
            }

            json.WriteNull("refusal");
            if (calls.Count > 0)
            {
                json.WriteStartArray("tool_calls");
                foreach (var call in calls)
                {
                    ToolCall(json, call, index: null);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteNull("logprobs");
            json.WriteString("finish_reason", finishReason);
            json.WriteEndObject();
            json.WriteEndArray();
            Usage(json, usage ?? new UsageDetails());
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>One chunk with one choice: a delta of role, text or tool calls, and the finish reason on the last one.</summary>
    public static byte[] Chunk(string id, long created, string model, string? role, string? text, IReadOnlyList<(int Index, FunctionCallContent Call)>? calls,
        string? finishReason, bool includeUsageField)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            Header(json, id, "chat.completion.chunk", created, model);
            json.WriteStartArray("choices");
            json.WriteStartObject();
            json.WriteNumber("index", 0);
            json.WriteStartObject("delta");
            if (role is not null)
            {
                json.WriteString("role", role);
            }

            if (text is not null)
            {
                json.WriteString("content", text);
            }

            if (calls is { Count: > 0 })
            {
                json.WriteStartArray("tool_calls");
                foreach (var (index, call) in calls)
                {
                    ToolCall(json, call, index);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteNull("logprobs");
            if (finishReason is null)
            {
                json.WriteNull("finish_reason");
            }
            else
            {
                json.WriteString("finish_reason", finishReason);
            }

            json.WriteEndObject();
            json.WriteEndArray();
            if (includeUsageField)
            {
                json.WriteNull("usage");
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The last chunk of <c>stream_options.include_usage</c>: no choices, the usage of the whole request.</summary>
    public static byte[] UsageChunk(string id, long created, string model, UsageDetails usage)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            Header(json, id, "chat.completion.chunk", created, model);
            json.WriteStartArray("choices");
            json.WriteEndArray();
            Usage(json, usage);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Header(Utf8JsonWriter json, string id, string kind, long created, string model)
    {
        json.WriteString("id", id);
        json.WriteString("object", kind);
        json.WriteNumber("created", created);
        json.WriteString("model", model);
        json.WriteString("system_fingerprint", "localkernel");
    }

    private static void ToolCall(Utf8JsonWriter json, FunctionCallContent call, int? index)
    {
        json.WriteStartObject();
        if (index is { } i)
        {
            json.WriteNumber("index", i);
        }

        json.WriteString("id", call.CallId);
        json.WriteString("type", "function");
        json.WriteStartObject("function");
        json.WriteString("name", call.Name);
        json.WriteString("arguments", JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), CompactJson));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Usage(Utf8JsonWriter json, UsageDetails usage)
    {
        long prompt = usage.InputTokenCount ?? 0;
        long completion = usage.OutputTokenCount ?? 0;
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", prompt);
        json.WriteNumber("completion_tokens", completion);
        json.WriteNumber("total_tokens", usage.TotalTokenCount ?? prompt + completion);
        json.WriteStartObject("prompt_tokens_details");
        json.WriteNumber("cached_tokens", usage.CachedInputTokenCount ?? 0);
        json.WriteEndObject();
        json.WriteStartObject("completion_tokens_details");
        json.WriteNumber("reasoning_tokens", usage.ReasoningTokenCount ?? 0);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
