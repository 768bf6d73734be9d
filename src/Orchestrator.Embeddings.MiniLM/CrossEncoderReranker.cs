using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Orchestrator.Retrieval;

namespace Orchestrator.Embeddings.MiniLM;

/// <summary>
/// Reranks with any BERT-style ONNX cross-encoder (e.g. ms-marco-MiniLM-L-6-v2 exported to ONNX): each
/// (query, passage) pair is encoded as <c>[CLS] query [SEP] passage [SEP]</c> and the first logit is its score.
/// No model ships here: point the constructor at an exported model with its <c>vocab.txt</c> beside it.
/// </summary>
public sealed class CrossEncoderReranker : IReranker, IDisposable
{
    private readonly InferenceSession _session;
    private readonly WordPieceEncoder _encoder;
    private readonly bool _needsTokenTypes;
    private readonly int _batchSize;

    /// <summary>Initializes a new instance of the <see cref="CrossEncoderReranker"/> class.</summary>
    /// <param name="modelPath">The ONNX model file.</param>
    /// <param name="vocabularyPath">The WordPiece vocabulary; <c>vocab.txt</c> beside the model when <see langword="null"/>.</param>
    /// <param name="maxTokens">The pair length limit in word pieces.</param>
    /// <param name="batchSize">Pairs per model call.</param>
    public CrossEncoderReranker(string modelPath, string? vocabularyPath = null, int maxTokens = 512, int batchSize = 16)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        vocabularyPath ??= Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, "vocab.txt");
        if (!File.Exists(modelPath) || !File.Exists(vocabularyPath))
        {
            throw new FileNotFoundException($"The cross-encoder needs an ONNX model and its vocab.txt; '{modelPath}' or '{vocabularyPath}' is missing.");
        }

        using (var vocab = File.OpenRead(vocabularyPath))
        {
            _encoder = new WordPieceEncoder(vocab, maxTokens);
        }

        _session = new InferenceSession(modelPath);
        _needsTokenTypes = _session.InputMetadata.ContainsKey("token_type_ids");
        _batchSize = Math.Max(1, batchSize);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ScoredChunk>> RerankAsync(string query, IReadOnlyList<ScoredChunk> candidates, int topK, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(candidates);
        var pairs = candidates.Select(c => _encoder.EncodePair(query, c.Chunk.Text)).ToArray();
        var scores = new double[pairs.Length];
        for (var start = 0; start < pairs.Length; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Score(pairs, start, Math.Min(_batchSize, pairs.Length - start), scores);
        }

        IReadOnlyList<ScoredChunk> result = [.. candidates
            .Select((c, i) => new ScoredChunk(c.Chunk, scores[i]))
            .OrderByDescending(c => c.Score)
            .Take(topK)];
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private void Score((int[] Ids, int[] TypeIds)[] pairs, int start, int count, double[] scores)
    {
        var length = pairs.Skip(start).Take(count).Max(p => p.Ids.Length);
        var ids = new DenseTensor<long>([count, length]);
        var mask = new DenseTensor<long>([count, length]);
        var types = new DenseTensor<long>([count, length]);
        for (var row = 0; row < count; row++)
        {
            var (pieceIds, typeIds) = pairs[start + row];
            for (var col = 0; col < pieceIds.Length; col++)
            {
                ids[row, col] = pieceIds[col];
                mask[row, col] = 1;
                types[row, col] = typeIds[col];
            }
        }

        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor("input_ids", ids),
            NamedOnnxValue.CreateFromTensor("attention_mask", mask),
        };
        if (_needsTokenTypes)
        {
            inputs.Add(NamedOnnxValue.CreateFromTensor("token_type_ids", types));
        }

        using var outputs = _session.Run(inputs);
        var logits = outputs[0].AsTensor<float>();
        var perRow = logits.Length / count;
        for (var row = 0; row < count; row++)
        {
            scores[start + row] = logits.GetValue(row * (int)perRow);
        }
    }
}
