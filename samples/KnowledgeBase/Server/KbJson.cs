using System.Text.Json;
using LocalKernel.Rag;

namespace LocalKernel.Samples.KnowledgeBase.Server;

/// <summary>The JSON of passages, answers and documents on the <c>/v1/kb</c> endpoints (snake_case, like OpenAI's).</summary>
internal static class KbJson
{
    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        return buffer.ToArray();
    }

    public static void Passage(Utf8JsonWriter json, RetrievedPassage passage, int? number = null)
    {
        json.WriteStartObject();
        if (number is { } n)
        {
            json.WriteNumber("number", n);
        }

        json.WriteString("document_id", passage.DocumentId);
        json.WriteString("source_path", passage.SourcePath);
        json.WriteString("file_name", Path.GetFileName(passage.SourcePath));
        json.WriteString("title", passage.Title);
        json.WriteString("location", passage.Location);
        Number(json, "page_start", passage.PageStart);
        Number(json, "page_end", passage.PageEnd);
        Number(json, "line_start", passage.LineStart);
        Number(json, "line_end", passage.LineEnd);
        json.WriteString("heading", passage.Breadcrumb);
        json.WriteNumber("chunk_index", passage.ChunkIndex);
        json.WriteNumber("score", passage.Score);
        json.WriteString("found_by", passage.FoundBy.ToString().ToLowerInvariant());
        json.WriteString("text", passage.Text);
        json.WriteEndObject();
    }

    public static void Sources(Utf8JsonWriter json, IReadOnlyList<RetrievedPassage> sources)
    {
        json.WriteStartArray("sources");
        for (int i = 0; i < sources.Count; i++)
        {
            Passage(json, sources[i], i + 1);
        }

        json.WriteEndArray();
    }

    public static void Answer(Utf8JsonWriter json, Answer answer, bool extractive)
    {
        json.WriteStartObject();
        json.WriteString("object", "kb.answer");
        json.WriteString("text", answer.Text);
        json.WriteString("kind", answer.Kind.ToString().ToLowerInvariant());
        json.WriteBoolean("extractive", extractive);
        json.WriteStartArray("citations");
        foreach (var citation in answer.Citations)
        {
            json.WriteStartObject();
            json.WriteNumber("number", citation.Number);
            json.WriteString("snippet", citation.Snippet);
            json.WritePropertyName("passage");
            Passage(json, citation.Passage, citation.Number);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        Sources(json, answer.Sources);
        json.WriteEndObject();
    }

    public static void Document(Utf8JsonWriter json, StoredDocument document, bool uploaded)
    {
        json.WriteStartObject();
        json.WriteString("id", document.Id);
        json.WriteString("object", "kb.document");
        json.WriteString("source_path", document.SourcePath);
        json.WriteString("file_name", Path.GetFileName(document.SourcePath));
        json.WriteString("title", document.Title);
        json.WriteString("content_type", document.ContentType);
        json.WriteNumber("chunks", document.ChunkCount);
        json.WriteNumber("vectors", document.VectorCount);
        json.WriteBoolean("uploaded", uploaded);
        json.WriteString("created_at", document.CreatedAt);
        json.WriteString("updated_at", document.UpdatedAt);
        json.WriteEndObject();
    }

    public static void Result(Utf8JsonWriter json, IngestionResult result)
    {
        json.WriteStartObject();
        json.WriteString("id", result.DocumentId);
        json.WriteString("file_name", Path.GetFileName(result.SourcePath));
        json.WriteString("status", result.Status.ToString().ToLowerInvariant());
        json.WriteNumber("chunks", result.ChunkCount);
        json.WriteString("error", result.Error);
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
