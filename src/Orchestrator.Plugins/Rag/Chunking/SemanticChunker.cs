using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Chunking;

/// <summary>
/// Semantic chunking: segments sentences, embeds each, and merges adjacent sentences while the next sentence's
/// similarity to the running chunk stays at or above a threshold (0.7 by default) and the chunk stays under a size
/// limit. Consecutive chunks can share the last sentences of the previous chunk as overlap.
/// </summary>
public sealed class SemanticChunker : ITextChunker
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly SemanticChunkerOptions _options;

    /// <summary>Initializes a new instance of the <see cref="SemanticChunker"/> class.</summary>
    /// <param name="embedder">The embedding generator for sentences.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    public SemanticChunker(IEmbeddingGenerator<string, Embedding<float>> embedder, SemanticChunkerOptions? options = null)
    {
        _embedder = embedder ?? throw new ArgumentNullException(nameof(embedder));
        _options = options ?? new SemanticChunkerOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.OverlapSentences);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ChunkAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = SentenceSegmenter.Split(text);
        if (sentences.Count <= 1)
        {
            return sentences;
        }

        var embeddings = await _embedder.GenerateAsync(sentences, cancellationToken: cancellationToken).ConfigureAwait(false);
        var chunks = new List<string>();
        var start = 0;
        var centroid = embeddings[0].Vector.ToArray();
        var length = sentences[0].Length;
        for (var i = 1; i < sentences.Count; i++)
        {
            var vector = embeddings[i].Vector.Span;
            if (TensorPrimitives.CosineSimilarity(centroid, vector) >= _options.Threshold && length + 1 + sentences[i].Length <= _options.MaxChunkCharacters)
            {
                TensorPrimitives.Add(centroid, vector, centroid);
                length += 1 + sentences[i].Length;
                continue;
            }

            chunks.Add(Join(sentences, start, i));
            start = i;
            centroid = vector.ToArray();
            length = sentences[i].Length;
        }

        chunks.Add(Join(sentences, start, sentences.Count));
        return chunks;
    }

    // Overlap sentences are repeated for context but take no part in the merge decision of the chunk they open.
    private string Join(IReadOnlyList<string> sentences, int start, int end) =>
        string.Join(' ', sentences.Skip(Math.Max(0, start - _options.OverlapSentences)).Take(end - Math.Max(0, start - _options.OverlapSentences)));
}
