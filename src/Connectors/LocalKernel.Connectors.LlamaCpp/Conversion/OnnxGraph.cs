using System.Runtime.InteropServices;
using Google.Protobuf;
using LocalKernel.Connectors.LlamaCpp.Onnx;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// An index over a parsed ONNX graph: initializers by name, the node producing each value, the nodes consuming it,
/// and constants (initializers or <c>Constant</c> nodes) read as numbers.
/// </summary>
internal sealed class OnnxGraph
{
    private const int FloatType = 1;
    private const int Int64Type = 7;
    private readonly Dictionary<string, NodeProto> _producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NodeProto>> _consumers = new(StringComparer.Ordinal);
    private readonly Dictionary<NodeProto, int> _order = new(ReferenceEqualityComparer.Instance);

    public OnnxGraph(GraphProto graph)
    {
        Graph = graph;
        Initializers = graph.Initializer.GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        InputNames = [.. graph.Input.Select(i => i.Name)];
        for (int i = 0; i < graph.Node.Count; i++)
        {
            var node = graph.Node[i];
            _order[node] = i;
            foreach (var output in node.Output)
            {
                _producers[output] = node;
            }

            foreach (var input in node.Input)
            {
                if (!_consumers.TryGetValue(input, out var list))
                {
                    _consumers[input] = list = [];
                }

                list.Add(node);
            }
        }
    }

    public GraphProto Graph { get; }

    public IReadOnlyDictionary<string, TensorProto> Initializers { get; }

    public IReadOnlyList<string> InputNames { get; }

    /// <summary>Position of a node in the graph, which ONNX requires to be a topological order.</summary>
    public int IndexOf(NodeProto node) => _order[node];

    public NodeProto? ProducerOf(string value) => _producers.GetValueOrDefault(value);

    public IReadOnlyList<NodeProto> ConsumersOf(string value) => _consumers.TryGetValue(value, out var list) ? list : [];

    /// <summary>A constant value: an initializer, or the tensor of the <c>Constant</c> node producing it.</summary>
    public TensorProto? ConstantOf(string value)
    {
        if (Initializers.TryGetValue(value, out var tensor))
        {
            return tensor;
        }

        var node = ProducerOf(value);
        return node is { OpType: "Constant" } ? node.Attribute.FirstOrDefault(a => a.Name == "value")?.T : null;
    }

    /// <summary>Whether <paramref name="value"/> is a float matrix initializer (a learned weight).</summary>
    public bool IsFloatMatrix(string value) =>
        Initializers.TryGetValue(value, out var t) && t.DataType == FloatType && t.Dims.Count == 2;

    /// <summary>Whether <paramref name="value"/> is a float vector initializer (a bias or norm).</summary>
    public bool IsFloatVector(string value) =>
        Initializers.TryGetValue(value, out var t) && t.DataType == FloatType && t.Dims.Count == 1;

    /// <summary>The values of a float tensor (raw little-endian bytes or the typed field).</summary>
    /// <exception cref="ModelConversionException">Not float, or stored outside the file.</exception>
    public static float[] ReadFloats(TensorProto tensor)
    {
        if (tensor.DataType != FloatType)
        {
            throw new ModelConversionException($"Tensor '{tensor.Name}' has ONNX data type {tensor.DataType}; only FP32 models are converted.", tensor.Name);
        }

        if (tensor.DataLocation != 0 || tensor.ExternalData.Count > 0)
        {
            throw new ModelConversionException($"Tensor '{tensor.Name}' is stored in an external data file, which is not supported.", tensor.Name);
        }

        long count = tensor.Dims.Aggregate(1L, (a, d) => a * d);
        float[] values = tensor.RawData.Length > 0
            ? MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray()
            : [.. tensor.FloatData];
        return values.Length == count ? values
            : throw new ModelConversionException($"Tensor '{tensor.Name}' holds {values.Length} values for a shape of {count}.", tensor.Name);
    }

    /// <summary>The values of an integer or float constant as doubles (shapes and scalars).</summary>
    public static double[] ReadNumbers(TensorProto tensor) => tensor.DataType switch
    {
        FloatType => [.. ReadFloats(tensor).Select(f => (double)f)],
        Int64Type => tensor.RawData.Length > 0
            ? [.. MemoryMarshal.Cast<byte, long>(tensor.RawData.Span).ToArray().Select(v => (double)v)]
            : [.. tensor.Int64Data.Select(v => (double)v)],
        _ => [],
    };

    /// <summary>Parses an ONNX model.</summary>
    /// <exception cref="ModelConversionException">The bytes are not an ONNX model with a graph.</exception>
    public static ModelProto Parse(byte[] bytes, string where)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new ModelConversionException($"{where} is not an ONNX model: {ex.Message}", "ONNX model", ex);
        }

        return model.Graph is { Node.Count: > 0 } && model.IrVersion > 0
            ? model
            : throw new ModelConversionException($"{where} is not an ONNX model (no IR version or no graph).", "ONNX graph");
    }
}
