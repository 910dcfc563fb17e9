using System.Text.RegularExpressions;
using LocalKernel.Connectors.LlamaCpp.Onnx;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Finds the tensors of a BERT encoder in an ONNX graph by its structure, the way an exporter lays it out:
/// embedding tables are the Gathers on <c>input_ids</c>, <c>token_type_ids</c> and positions; layer norms are
/// <c>LayerNormalization</c> nodes or their decomposed form Div(x − mean, Sqrt(var + ε)) → Mul γ → Add β; linear
/// weights are MatMuls on a float matrix initializer, their biases the initializer of the consuming Add.
/// </summary>
/// <remarks>
/// Exporters give MatMul weights generic names (<c>927</c>, <c>onnx::MatMul_788</c>), so names cannot be trusted
/// for roles: Q, K and V are told apart by where they enter the attention products (score product input 0 is Q,
/// input 1 is K; the product with the Softmax takes V), the output projection by being fed from the context
/// product, and the FFN down projection by following the GELU. Bias names that do follow Hugging Face's layout
/// serve as a cross-check.
/// </remarks>
internal static partial class BertGraphMapper
{
    private const int SearchDepth = 16;

    public static BertGraphMapping Map(OnnxGraph graph)
    {
        var (word, tokenType, position) = FindEmbeddings(graph);
        var norms = FindLayerNorms(graph);
        if (norms.Count < 3 || norms.Count % 2 == 0)
        {
            throw new ModelConversionException(
                $"Found {norms.Count} layer norms; a BERT encoder has 1 + 2 per layer. This is not a BERT encoder export.", "layer norms");
        }

        int layers = (norms.Count - 1) / 2;
        var wordTable = graph.Initializers[word];
        int embd = (int)wordTable.Dims[1];
        var tensors = new List<BertTensorRole>
        {
            new("token_embd.weight", word, false, true),
            new("token_types.weight", tokenType, false, false),
            new("position_embd.weight", position, false, false),
            new("token_embd_norm.weight", norms[0].Gamma, false, false),
            new("token_embd_norm.bias", norms[0].Beta, false, false),
        };

        int ff = 0, heads = 0;
        var linears = FindLinears(graph);
        for (int layer = 0; layer < layers; layer++)
        {
            var attention = Between(graph, linears, norms[2 * layer].End, norms[(2 * layer) + 1].End);
            var ffn = Between(graph, linears, norms[(2 * layer) + 1].End, norms[(2 * layer) + 2].End);
            var roles = ClassifyAttention(graph, attention, layer);
            roles.AddRange(ClassifyFeedForward(graph, ffn, layer));
            foreach (var (role, linear) in roles)
            {
                CheckName(linear.Bias, role, layer);
                tensors.Add(new($"blk.{layer}.{role}.weight", linear.Weight, true, true));
                tensors.Add(new($"blk.{layer}.{role}.bias", linear.Bias, false, false));
            }

            tensors.Add(new($"blk.{layer}.attn_output_norm.weight", norms[(2 * layer) + 1].Gamma, false, false));
            tensors.Add(new($"blk.{layer}.attn_output_norm.bias", norms[(2 * layer) + 1].Beta, false, false));
            tensors.Add(new($"blk.{layer}.layer_output_norm.weight", norms[(2 * layer) + 2].Gamma, false, false));
            tensors.Add(new($"blk.{layer}.layer_output_norm.bias", norms[(2 * layer) + 2].Beta, false, false));
            ff = (int)graph.Initializers[roles.First(r => r.Role == "ffn_up").Linear.Weight].Dims[1];
            if (layer == 0)
            {
                heads = FindHeadCount(graph, roles.First(r => r.Role == "attn_q").Linear, embd);
            }
        }

        CheckShapes(graph, tensors, embd, ff);
        var eps = norms.Select(n => n.Epsilon).Distinct().ToList();
        return new BertGraphMapping(layers, embd, ff, heads, (int)graph.Initializers[position].Dims[0],
            (int)graph.Initializers[tokenType].Dims[0], (int)wordTable.Dims[0], eps[0], tensors);
    }

    private static (string Word, string TokenType, string Position) FindEmbeddings(OnnxGraph graph)
    {
        var gathers = graph.Graph.Node.Where(n => n.OpType == "Gather" && n.Input.Count == 2 && graph.IsFloatMatrix(n.Input[0])).ToList();
        string? ByInput(string input) => gathers.FirstOrDefault(g => FedBy(graph, g.Input[1], input))?.Input[0];
        var word = ByInput("input_ids")
            ?? throw new ModelConversionException("No embedding table is gathered by the input 'input_ids': not a BERT encoder export.", "word embeddings");
        var tokenType = ByInput("token_type_ids")
            ?? throw new ModelConversionException("No embedding table is gathered by the input 'token_type_ids'.", "token-type embeddings");
        var position = gathers.Select(g => g.Input[0]).Distinct().SingleOrDefault(t => t != word && t != tokenType)
            ?? throw new ModelConversionException("No single position embedding table (the float Gather on neither input).", "position embeddings");
        return (word, tokenType, position);
    }

    // The indices come straight from the graph input or through casts and reshapes of it.
    private static bool FedBy(OnnxGraph graph, string value, string input)
    {
        for (int depth = 0; depth < 4; depth++)
        {
            if (value == input)
            {
                return true;
            }

            var node = graph.ProducerOf(value);
            if (node is null || node.Input.Count == 0 || node.OpType is not ("Cast" or "Reshape" or "Unsqueeze" or "Squeeze" or "Identity"))
            {
                return false;
            }

            value = node.Input[0];
        }

        return false;
    }

    private static List<LayerNorm> FindLayerNorms(OnnxGraph graph)
    {
        var norms = new List<LayerNorm>();
        foreach (var node in graph.Graph.Node)
        {
            if (node.OpType == "LayerNormalization" && node.Input.Count >= 3 && graph.IsFloatVector(node.Input[1]) && graph.IsFloatVector(node.Input[2]))
            {
                var eps = node.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
                norms.Add(new LayerNorm(graph.IndexOf(node), node.Input[1], node.Input[2], eps));
            }
            else if (node.OpType == "Div" && node.Input.Count == 2 && graph.ProducerOf(node.Input[1]) is { OpType: "Sqrt" } sqrt
                && graph.ProducerOf(sqrt.Input[0]) is { OpType: "Add" } addEps
                && ConstantInput(graph, addEps) is { } epsTensor
                && Single(graph, node.Output[0], "Mul") is { } mul && VectorInput(graph, mul) is { } gamma
                && Single(graph, mul.Output[0], "Add") is { } add && VectorInput(graph, add) is { } beta)
            {
                norms.Add(new LayerNorm(graph.IndexOf(add), gamma, beta, (float)OnnxGraph.ReadNumbers(epsTensor).FirstOrDefault()));
            }
        }

        return norms;
    }

    private static NodeProto? Single(OnnxGraph graph, string value, string opType) =>
        graph.ConsumersOf(value) is [var only] && only.OpType == opType ? only : null;

    private static TensorProto? ConstantInput(OnnxGraph graph, NodeProto node) =>
        node.Input.Select(graph.ConstantOf).FirstOrDefault(t => t is not null);

    private static string? VectorInput(OnnxGraph graph, NodeProto node) => node.Input.FirstOrDefault(graph.IsFloatVector);

    private static List<Linear> FindLinears(OnnxGraph graph)
    {
        var linears = new List<Linear>();
        foreach (var node in graph.Graph.Node)
        {
            if (node.OpType != "MatMul" || node.Input.Count != 2 || !graph.IsFloatMatrix(node.Input[1]))
            {
                continue;
            }

            var bias = graph.ConsumersOf(node.Output[0]).Where(c => c.OpType == "Add").Select(c => VectorInput(graph, c)).FirstOrDefault(b => b is not null)
                ?? throw new ModelConversionException($"The linear weight '{node.Input[1]}' has no bias (an Add of a float vector after its MatMul).", node.Input[1] + " bias");
            linears.Add(new Linear(graph.IndexOf(node), node, node.Input[1], bias));
        }

        return linears;
    }

    private static List<Linear> Between(OnnxGraph graph, List<Linear> linears, int after, int before) =>
        [.. linears.Where(l => l.Index > after && l.Index < before)];

    private static List<(string Role, Linear Linear)> ClassifyAttention(OnnxGraph graph, List<Linear> block, int layer)
    {
        var roles = new List<(string, Linear)>();
        foreach (var linear in block)
        {
            if (Reaches(graph, linear.Node.Input[0], forward: false, n => IsActivationProduct(graph, n)) is not null)
            {
                roles.Add(("attn_output", linear));
                continue;
            }

            var (product, slot) = FirstProduct(graph, linear.Node.Output[0]);
            if (product is null)
            {
                continue;
            }

            bool afterSoftmax = Reaches(graph, product.Input[0], forward: false, n => n.OpType == "Softmax", depth: 3) is not null;
            roles.Add((slot == 0 ? "attn_q" : afterSoftmax ? "attn_v" : "attn_k", linear));
        }

        foreach (var role in new[] { "attn_q", "attn_k", "attn_v", "attn_output" })
        {
            int count = roles.Count(r => r.Item1 == role);
            if (count != 1)
            {
                throw new ModelConversionException($"Layer {layer}: found {count} candidates for the attention {role} weight (expected one).", $"layer {layer} {role} weight");
            }
        }

        return roles;
    }

    private static IEnumerable<(string Role, Linear Linear)> ClassifyFeedForward(OnnxGraph graph, List<Linear> block, int layer)
    {
        var down = block.Where(l => Reaches(graph, l.Node.Input[0], forward: false, n => n.OpType is "Erf" or "Gelu" or "FastGelu" or "BiasGelu", depth: 8) is not null).ToList();
        var up = block.Except(down).ToList();
        if (up.Count != 1 || down.Count != 1)
        {
            throw new ModelConversionException($"Layer {layer}: expected one FFN up and one GELU-fed down projection, found {up.Count} and {down.Count}.", $"layer {layer} feed-forward weights");
        }

        return [("ffn_up", up[0]), ("ffn_down", down[0])];
    }

    private static bool IsActivationProduct(OnnxGraph graph, NodeProto node) =>
        node.OpType == "MatMul" && node.Input.All(i => graph.ConstantOf(i) is null);

    // Breadth-first from a value's consumers to the first attention product; the slot is the input it arrives at.
    private static (NodeProto? Product, int Slot) FirstProduct(OnnxGraph graph, string start)
    {
        var queue = new Queue<(string Value, int Depth)>([(start, 0)]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        while (queue.TryDequeue(out var item))
        {
            foreach (var consumer in graph.ConsumersOf(item.Value))
            {
                if (IsActivationProduct(graph, consumer))
                {
                    return (consumer, consumer.Input.IndexOf(item.Value));
                }

                // Shape nodes only feed reshape sizes; weight MatMuls start the next block.
                if (consumer.OpType == "Shape" || consumer.OpType == "MatMul" || item.Depth >= SearchDepth)
                {
                    continue;
                }

                foreach (var output in consumer.Output.Where(seen.Add))
                {
                    queue.Enqueue((output, item.Depth + 1));
                }
            }
        }

        return (null, -1);
    }

    private static NodeProto? Reaches(OnnxGraph graph, string start, bool forward, Func<NodeProto, bool> match, int depth = SearchDepth)
    {
        var queue = new Queue<(string Value, int Depth)>([(start, 0)]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        while (queue.TryDequeue(out var item))
        {
            var next = forward ? graph.ConsumersOf(item.Value) : graph.ProducerOf(item.Value) is { } p ? [p] : [];
            foreach (var node in next)
            {
                if (match(node))
                {
                    return node;
                }

                bool isWeight = node.OpType == "MatMul" && node.Input.Count == 2 && graph.IsFloatMatrix(node.Input[1]);
                if (isWeight || node.OpType is "LayerNormalization" || item.Depth >= depth)
                {
                    continue;
                }

                foreach (var value in (forward ? node.Output : node.Input).Where(v => graph.ConstantOf(v) is null && seen.Add(v)))
                {
                    queue.Enqueue((value, item.Depth + 1));
                }
            }
        }

        return null;
    }

    // The query is reshaped to [batch, sequence, heads, head size]: the last two sizes are constants.
    private static int FindHeadCount(OnnxGraph graph, Linear query, int embd)
    {
        var reshape = Reaches(graph, query.Node.Output[0], forward: true, n => n.OpType == "Reshape", depth: 4);
        if (reshape is not null)
        {
            var shape = graph.ConstantOf(reshape.Input[1]) is { } constant
                ? OnnxGraph.ReadNumbers(constant)
                : graph.ProducerOf(reshape.Input[1]) is { OpType: "Concat" } concat
                    ? [.. concat.Input.Select(i => graph.ConstantOf(i) is { } c ? OnnxGraph.ReadNumbers(c).FirstOrDefault(-1) : -1)]
                    : [];
            if (shape.Length >= 2 && shape[^2] > 1 && shape[^1] > 1 && (int)shape[^2] * (int)shape[^1] == embd)
            {
                return (int)shape[^2];
            }
        }

        throw new ModelConversionException("Could not read the attention head count from the query's reshape.", "attention head count");
    }

    private static void CheckName(string bias, string role, int layer)
    {
        var match = HuggingFaceBias().Match(bias);
        if (!match.Success)
        {
            return;
        }

        var expected = match.Groups[2].Value switch
        {
            "attention.self.query" => "attn_q",
            "attention.self.key" => "attn_k",
            "attention.self.value" => "attn_v",
            "attention.output.dense" => "attn_output",
            "intermediate.dense" => "ffn_up",
            _ => "ffn_down",
        };
        if (expected != role || int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) != layer)
        {
            throw new ModelConversionException(
                $"The graph says '{bias}' is the bias of layer {layer} {role}; its name says otherwise. Refusing a doubtful mapping.", bias);
        }
    }

    private static void CheckShapes(OnnxGraph graph, List<BertTensorRole> tensors, int embd, int ff)
    {
        foreach (var tensor in tensors)
        {
            var dims = graph.Initializers[tensor.OnnxName].Dims;
            long last = dims[^1];
            bool ok = tensor.GgufName switch
            {
                var n when n.EndsWith("ffn_up.weight", StringComparison.Ordinal) => dims[0] == embd && last == ff,
                var n when n.EndsWith("ffn_up.bias", StringComparison.Ordinal) => last == ff,
                var n when n.EndsWith("ffn_down.weight", StringComparison.Ordinal) => dims[0] == ff && last == embd,
                _ => last == embd && (dims.Count == 1 || tensor.Transpose is false || dims[0] == embd),
            };
            if (!ok)
            {
                throw new ModelConversionException($"Tensor '{tensor.OnnxName}' mapped to {tensor.GgufName} has shape [{string.Join(", ", dims)}].", tensor.GgufName);
            }
        }
    }

    [GeneratedRegex(@"layer\.(\d+)\.(attention\.self\.query|attention\.self\.key|attention\.self\.value|attention\.output\.dense|intermediate\.dense|output\.dense)\.bias$")]
    private static partial Regex HuggingFaceBias();

    private sealed record LayerNorm(int End, string Gamma, string Beta, float Epsilon);

    private sealed record Linear(int Index, NodeProto Node, string Weight, string Bias);
}
