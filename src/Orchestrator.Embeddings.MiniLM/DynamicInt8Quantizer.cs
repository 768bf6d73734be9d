using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Orchestrator.Embeddings.MiniLM;

/// <summary>
/// Dynamic int8 quantization of an fp32 ONNX model, done in .NET the way onnxruntime's Python <c>quantize_dynamic</c>
/// does it: every <c>MatMul</c> whose right-hand side is a 2-D float initializer becomes one ONNX Runtime
/// <c>com.microsoft.DynamicQuantizeMatMul</c> (the op ONNX Runtime itself fuses <c>DynamicQuantizeLinear</c> +
/// <c>MatMulInteger</c> into): weights symmetric int8 per output column, activations quantized to uint8 at run time.
/// A bias <c>Add</c> that only follows the <c>MatMul</c> is folded into the node. Everything else (the embedding
/// <c>Gather</c>s, LayerNorm, Softmax, GELU and the activation-by-activation attention products) stays fp32.
/// </summary>
internal static class DynamicInt8Quantizer
{
    private const string MicrosoftDomain = "com.microsoft";
    private const int FloatType = (int)TensorProto.Types.DataType.Float;
    private const int Int8Type = (int)TensorProto.Types.DataType.Int8;

    /// <summary>Quantizes a serialized fp32 model and returns the serialized int8 model (same inputs and outputs).</summary>
    /// <param name="model">The fp32 ONNX model.</param>
    /// <returns>The quantized model; the same bytes for the same input.</returns>
    /// <exception cref="InvalidOperationException">The model has no MatMul with a constant 2-D float weight.</exception>
    public static byte[] Quantize(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var proto = ModelProto.Parser.ParseFrom(model);
        var quantized = Quantize(proto);
        if (quantized == 0)
        {
            throw new InvalidOperationException("The model has no MatMul with a constant 2-D float weight; there is nothing to quantize.");
        }

        return proto.ToByteArray();
    }

    /// <summary>Quantizes <paramref name="model"/> in place.</summary>
    /// <returns>The number of MatMul nodes replaced.</returns>
    public static int Quantize(ModelProto model)
    {
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var consumers = graph.Node.SelectMany(n => n.Input.Select(input => (input, n))).ToLookup(x => x.input, x => x.n, StringComparer.Ordinal);
        var graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var folded = new HashSet<NodeProto>();
        var nodes = new List<NodeProto>(graph.Node.Count);
        var replaced = 0;
        foreach (var node in graph.Node)
        {
            if (folded.Contains(node))
            {
                continue;
            }

            if (node.OpType != "MatMul" || node.Domain.Length != 0 || node.Input.Count != 2
                || !initializers.TryGetValue(node.Input[1], out var weight) || weight.DataType != FloatType || weight.Dims.Count != 2)
            {
                nodes.Add(node);
                continue;
            }

            var quantizedNode = Replace(node, weight, graph);
            var bias = FoldableBias(node, consumers, graphOutputs, initializers, (int)weight.Dims[1]);
            if (bias is { } add)
            {
                quantizedNode.Input.Add(add.Bias);
                quantizedNode.Output.Add(add.Node.Output[0]);
                folded.Add(add.Node);
            }
            else
            {
                quantizedNode.Output.Add(node.Output[0]);
            }

            nodes.Add(quantizedNode);
            replaced++;
            if (consumers[weight.Name].Count() == 1 && !graphOutputs.Contains(weight.Name))
            {
                graph.Initializer.Remove(weight);
            }
        }

        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        if (!model.OpsetImport.Any(o => o.Domain == MicrosoftDomain))
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        }

        return replaced;
    }

    private static NodeProto Replace(NodeProto node, TensorProto weight, GraphProto graph)
    {
        var rows = checked((int)weight.Dims[0]);
        var columns = checked((int)weight.Dims[1]);
        var values = weight.RawData.Length > 0
            ? MemoryMarshal.Cast<byte, float>(weight.RawData.Span).ToArray()
            : [.. weight.FloatData];
        if (!BitConverter.IsLittleEndian || values.Length != rows * columns)
        {
            throw new InvalidOperationException($"Initializer '{weight.Name}' does not hold {rows}x{columns} little-endian floats.");
        }

        var (quantized, scales) = QuantizeColumns(values, rows, columns);
        var scaleBytes = new byte[columns * sizeof(float)];
        for (var c = 0; c < columns; c++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(scaleBytes.AsSpan(c * sizeof(float)), scales[c]);
        }

        var name = weight.Name;
        graph.Initializer.Add(Tensor(name + "_int8", Int8Type, quantized, rows, columns));
        graph.Initializer.Add(Tensor(name + "_scale", FloatType, scaleBytes, columns));
        graph.Initializer.Add(Tensor(name + "_zero_point", Int8Type, new byte[columns], columns));
        var replacement = new NodeProto { Name = node.Name + "_int8", OpType = "DynamicQuantizeMatMul", Domain = MicrosoftDomain };
        replacement.Input.Add(node.Input[0]);
        replacement.Input.Add(name + "_int8");
        replacement.Input.Add(name + "_scale");
        replacement.Input.Add(name + "_zero_point");
        return replacement;
    }

    /// <summary>Symmetric per-column int8: scale = max |w| / 127, q = round-half-even(w / scale) in [-127, 127].</summary>
    internal static (byte[] Quantized, float[] Scales) QuantizeColumns(float[] values, int rows, int columns)
    {
        var scales = new float[columns];
        for (var r = 0; r < rows; r++)
        {
            var row = values.AsSpan(r * columns, columns);
            for (var c = 0; c < columns; c++)
            {
                scales[c] = MathF.Max(scales[c], MathF.Abs(row[c]));
            }
        }

        for (var c = 0; c < columns; c++)
        {
            scales[c] = scales[c] > 0 ? scales[c] / 127f : 1f;
        }

        var quantized = new byte[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var q = MathF.Round(values[(r * columns) + c] / scales[c], MidpointRounding.ToEven);
                quantized[(r * columns) + c] = unchecked((byte)(sbyte)Math.Clamp(q, -127f, 127f));
            }
        }

        return (quantized, scales);
    }

    private static (NodeProto Node, string Bias)? FoldableBias(
        NodeProto matMul, ILookup<string, NodeProto> consumers, HashSet<string> graphOutputs, Dictionary<string, TensorProto> initializers, int columns)
    {
        var output = matMul.Output[0];
        if (graphOutputs.Contains(output) || consumers[output].Count() != 1)
        {
            return null;
        }

        var add = consumers[output].Single();
        if (add.OpType != "Add" || add.Domain.Length != 0 || add.Input.Count != 2)
        {
            return null;
        }

        var other = add.Input[0] == output ? add.Input[1] : add.Input[0];
        return initializers.TryGetValue(other, out var bias) && bias.DataType == FloatType && bias.Dims.Count == 1 && bias.Dims[0] == columns
            ? (add, other)
            : null;
    }

    private static TensorProto Tensor(string name, int dataType, byte[] data, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = dataType, RawData = ByteString.CopyFrom(data) };
        tensor.Dims.Add(dims);
        return tensor;
    }
}
