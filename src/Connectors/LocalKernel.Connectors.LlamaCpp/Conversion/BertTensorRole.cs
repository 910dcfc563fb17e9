namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>A weight of a BERT encoder, mapped from an ONNX initializer to a llama.cpp <c>bert</c> tensor.</summary>
/// <param name="GgufName">Tensor name in llama.cpp's <c>bert</c> architecture, for example <c>blk.0.attn_q.weight</c>.</param>
/// <param name="OnnxName">The initializer it comes from.</param>
/// <param name="Transpose">ONNX MatMul stores linear weights [in, out]; ggml wants [out][in] rows.</param>
/// <param name="Quantizable">Matrices take the requested weight type; vectors and the token-type table stay F32.</param>
internal sealed record BertTensorRole(string GgufName, string OnnxName, bool Transpose, bool Quantizable);
