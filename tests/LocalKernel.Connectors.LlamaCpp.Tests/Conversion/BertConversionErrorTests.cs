using Google.Protobuf;
using LocalKernel.Connectors.LlamaCpp.Onnx;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>Bad input to the converter is a <see cref="ModelConversionException"/> naming what is missing.</summary>
public sealed class BertConversionErrorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lk-convert-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_file_that_is_not_onnx_is_refused()
    {
        var onnx = Write("model.onnx", "this is a text file, not a protobuf model"u8.ToArray());
        WriteVocabulary();
        var error = Assert.Throws<ModelConversionException>(() => Convert(onnx));
        Assert.Contains("not an ONNX model", error.Message);
    }

    [Fact]
    public void An_onnx_model_that_is_not_a_bert_encoder_is_refused()
    {
        // A one-node graph: y = x · W, no embedding table.
        var weight = new TensorProto { Name = "W", DataType = 1, Dims = { 4, 4 }, RawData = ByteString.CopyFrom(new byte[64]) };
        var graph = new GraphProto { Name = "tiny", Initializer = { weight }, Input = { new ValueInfoProto { Name = "x" } } };
        graph.Node.Add(new NodeProto { OpType = "MatMul", Input = { "x", "W" }, Output = { "y" } });
        var onnx = Write("model.onnx", new ModelProto { IrVersion = 7, Graph = graph }.ToByteArray());
        WriteVocabulary();
        var error = Assert.Throws<ModelConversionException>(() => Convert(onnx));
        Assert.Equal("word embeddings", error.Missing);
        Assert.Contains("input_ids", error.Message);
    }

    [Fact]
    public void A_bert_model_missing_a_tensor_names_it()
    {
        var model = ModelProto.Parser.ParseFrom(SentenceTransformerPackages.OnnxModel(SentenceTransformerPackages.MiniLm));
        var norm = model.Graph.Initializer.Single(t => t.Name == "encoder.layer.3.output.LayerNorm.weight");
        model.Graph.Initializer.Remove(norm);
        var onnx = Write("model.onnx", model.ToByteArray());
        WriteVocabulary(30522);
        var error = Assert.Throws<ModelConversionException>(() => Convert(onnx));
        Assert.Equal("layer norms", error.Missing);
        Assert.Contains("12 layer norms", error.Message);
    }

    [Fact]
    public void An_onnx_file_without_its_vocabulary_is_refused()
    {
        var onnx = Write("model.onnx", [1, 2, 3]);
        var error = Assert.Throws<ModelConversionException>(() => Convert(onnx));
        Assert.Equal("vocab.txt", error.Missing);
    }

    [Fact]
    public void An_assembly_without_an_embedded_model_is_refused()
    {
        var error = Assert.Throws<ModelConversionException>(() => Convert(typeof(BertConversionErrorTests).Assembly.Location));
        Assert.Equal("model.onnx", error.Missing);
    }

    [Fact]
    public void A_dll_that_is_not_an_assembly_is_refused()
    {
        var dll = Write("fake.dll", "MZ but nothing more"u8.ToArray());
        var error = Assert.Throws<ModelConversionException>(() => Convert(dll));
        Assert.Equal("assembly metadata", error.Missing);
    }

    [Fact]
    public void A_missing_source_is_refused()
    {
        var error = Assert.Throws<ModelConversionException>(() => Convert(Path.Combine(_folder, "absent.onnx")));
        Assert.Contains("does not exist", error.Message);
    }

    private void Convert(string source) => BertGgufConverter.Convert(source, Path.Combine(_folder, "out.gguf"));

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private void WriteVocabulary(int size = 8)
    {
        var tokens = new[] { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" }.Concat(Enumerable.Range(0, size - 5).Select(i => $"w{i}"));
        File.WriteAllLines(Path.Combine(_folder, "vocab.txt"), tokens);
    }
}
