using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace LocalKernel.Testing;

/// <summary>
/// Embeds token ids with ONNX Runtime on the original ONNX model: the reference the GGUF conversion is checked
/// against (tests) and the speed peer (the embeddings bench). Pools the last hidden state as the model does
/// (mean over the attention mask, or the [CLS] row) and L2-normalises.
/// </summary>
internal sealed class OnnxRuntimeEmbedder : IDisposable
{
    private readonly InferenceSession _session;
    private readonly bool _cls;
    private readonly bool _hasTokenTypes;

    public OnnxRuntimeEmbedder(byte[] onnx, bool clsPooling, int threads = 1)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        _session = new InferenceSession(onnx, options);
        _cls = clsPooling;
        _hasTokenTypes = _session.InputMetadata.ContainsKey("token_type_ids");
    }

    /// <summary>Embeds each sequence of token ids; <paramref name="batchSize"/> sequences share a run, padded to the longest.</summary>
    public float[][] Embed(IReadOnlyList<int[]> sequences, int batchSize = 1)
    {
        var vectors = new float[sequences.Count][];
        for (int start = 0; start < sequences.Count; start += batchSize)
        {
            var batch = sequences.Skip(start).Take(batchSize).ToArray();
            int length = batch.Max(s => s.Length);
            var ids = new long[batch.Length * length];
            var mask = new long[batch.Length * length];
            for (int b = 0; b < batch.Length; b++)
            {
                for (int t = 0; t < batch[b].Length; t++)
                {
                    ids[(b * length) + t] = batch[b][t];
                    mask[(b * length) + t] = 1;
                }
            }

            long[] shape = [batch.Length, length];
            using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
            using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
            var names = _hasTokenTypes ? new[] { "input_ids", "attention_mask", "token_type_ids" } : ["input_ids", "attention_mask"];
            var values = _hasTokenTypes ? new[] { idsValue, maskValue, typesValue } : [idsValue, maskValue];
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, names, values, ["last_hidden_state"]);
            var hidden = outputs[0].GetTensorDataAsSpan<float>();
            int dims = hidden.Length / (batch.Length * length);
            for (int b = 0; b < batch.Length; b++)
            {
                var vector = new float[dims];
                int count = _cls ? 1 : batch[b].Length;
                for (int t = 0; t < count; t++)
                {
                    TensorPrimitives.Add(vector, hidden.Slice(((b * length) + t) * dims, dims), vector);
                }

                TensorPrimitives.Divide(vector, TensorPrimitives.Norm<float>(vector), vector);
                vectors[start + b] = vector;
            }
        }

        return vectors;
    }

    public void Dispose() => _session.Dispose();
}
