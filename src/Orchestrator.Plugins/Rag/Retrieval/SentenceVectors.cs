using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Orchestrator.Rag.Chunking;
using Orchestrator.Rag.Fusion;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Retrieval;

/// <summary>
/// Sentence-level dense evidence: each chunk's sentences are embedded on their own (a short claim or question usually
/// paraphrases one sentence, which a whole-chunk embedding dilutes), stored in a second vector index as records whose
/// id names the chunk they belong to, and turned back into a chunk list scored by each chunk's best sentence.
/// </summary>
public static class SentenceVectors
{
    // Appended to the chunk id; LastIndexOf finds it even when document or chunk ids contain '#' or "#s".
    private const string Separator = "#s";

    /// <summary>Splits a chunk into sentence records (rule-based <see cref="SentenceSegmenter"/>), each carrying the chunk's document, title and metadata so filters apply to them too.</summary>
    /// <param name="chunk">The chunk.</param>
    /// <param name="caselessText">Whether a chunk without any capital letter is also split before lower-case words (<see cref="SentenceSegmenter.Split(string, bool)"/>; off by default).</param>
    /// <returns>The sentences as chunks with ids <c>{chunkId}#s{n}</c>; empty for a chunk without text.</returns>
    public static IReadOnlyList<DocumentChunk> Split(DocumentChunk chunk, bool caselessText = false)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var sentences = SentenceSegmenter.Split(chunk.Text, caselessText);
        var result = new DocumentChunk[sentences.Count];
        for (var i = 0; i < sentences.Count; i++)
        {
            result[i] = chunk with { Id = MakeId(chunk.Id, i), Index = i, Text = sentences[i] };
        }

        return result;
    }

    /// <summary>Splits chunks into sentences, embeds each sentence as it is (no title: the sentence alone is the evidence) and upserts them.</summary>
    /// <param name="chunks">The chunks.</param>
    /// <param name="embedder">The embedder (the model of the chunk vectors: queries are embedded once for both).</param>
    /// <param name="index">The sentence vector index.</param>
    /// <param name="caselessText">Whether a chunk without any capital letter is also split before lower-case words (<see cref="SentenceSegmenter.Split(string, bool)"/>; off by default).</param>
    /// <param name="cancellationToken">A token to cancel indexing.</param>
    /// <returns>How many sentence vectors were stored.</returns>
    public static async Task<int> IndexAsync(
        IEnumerable<DocumentChunk> chunks, IEmbeddingGenerator<string, Embedding<float>> embedder, IVectorIndex index, bool caselessText = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(index);

        // Large calls let the embedder sort many short inputs by length before batching them.
        const int Batch = 512;
        var count = 0;
        foreach (var slice in chunks.SelectMany(c => Split(c, caselessText)).Chunk(Batch))
        {
            var embeddings = await embedder.GenerateAsync([.. slice.Select(s => s.Text)], cancellationToken: cancellationToken).ConfigureAwait(false);
            await index.UpsertAsync([.. slice.Select((s, i) => new VectorRecord(s, embeddings[i].Vector))], cancellationToken).ConfigureAwait(false);
            count += slice.Length;
        }

        return count;
    }

    /// <summary>
    /// The sentence-centroid view of chunks: each chunk's normalized mean of its stored sentence vectors (no new
    /// embeddings). A mean of sentence embeddings covers the whole chunk, where the chunk's own embedding stops at the
    /// model's length limit, and weighs each sentence alike.
    /// </summary>
    /// <param name="chunks">The chunks whose sentences were indexed.</param>
    /// <param name="sentences">The sentence index, as filled by <see cref="IndexAsync(IEnumerable{DocumentChunk}, IEmbeddingGenerator{string, Embedding{float}}, IVectorIndex, bool, CancellationToken)"/>.</param>
    /// <param name="caselessText">The segmentation the sentences were indexed with (it decides the sentence ids).</param>
    /// <param name="minimumSentences">Chunks with fewer stored sentences get no centroid (2 leaves single-sentence chunks to their own vector).</param>
    /// <param name="cancellationToken">A token to cancel the lookups.</param>
    /// <returns>One record per chunk with enough sentences: the chunk and its unit-length centroid.</returns>
    public static async Task<IReadOnlyList<VectorRecord>> CentroidsAsync(
        IEnumerable<DocumentChunk> chunks, IVectorLookup sentences, bool caselessText = false, int minimumSentences = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumSentences, 1);
        var records = new List<VectorRecord>();
        foreach (var slice in chunks.Chunk(256))
        {
            var ids = slice.Select(c => Split(c, caselessText).Select(s => s.Id).ToArray()).ToArray();
            var vectors = await sentences.GetVectorsAsync([.. ids.SelectMany(i => i)], cancellationToken).ConfigureAwait(false);
            for (var c = 0; c < slice.Length; c++)
            {
                var found = ids[c].Where(vectors.ContainsKey).Select(id => vectors[id]).ToArray();
                if (found.Length >= minimumSentences)
                {
                    records.Add(new VectorRecord(slice[c], Centroid(found)));
                }
            }
        }

        return records;
    }

    private static float[] Centroid(ReadOnlyMemory<float>[] vectors)
    {
        var sum = new float[vectors[0].Length];
        foreach (var vector in vectors)
        {
            TensorPrimitives.Add(sum, vector.Span, sum);
        }

        var norm = TensorPrimitives.Norm(sum);
        TensorPrimitives.Divide(sum, norm > 0 ? norm : 1f, sum);
        return sum;
    }

    /// <summary>Builds the id of a chunk's sentence.</summary>
    /// <param name="chunkId">The chunk id.</param>
    /// <param name="sentence">The sentence's position in the chunk, from 0.</param>
    /// <returns>The sentence id.</returns>
    public static string MakeId(string chunkId, int sentence) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{chunkId}{Separator}{sentence}");

    /// <summary>Returns the id of the chunk a sentence id belongs to.</summary>
    /// <param name="sentenceId">A sentence id made by <see cref="MakeId"/>.</param>
    /// <returns>The chunk id.</returns>
    public static string ChunkIdOf(string sentenceId)
    {
        ArgumentNullException.ThrowIfNull(sentenceId);
        return ChunkIdSpan(sentenceId).ToString();
    }

    /// <summary>
    /// Turns a ranked sentence list into a ranked chunk list: each chunk scores the cosine of its best sentence (max
    /// pooling), in the order of that sentence.
    /// </summary>
    /// <param name="sentences">Sentence hits, best first.</param>
    /// <returns>One hit per chunk, best first.</returns>
    public static IReadOnlyList<ChunkHit> BestSentencePerChunk(IReadOnlyList<ScoredChunk> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        return PoolByChunk([.. sentences.Select(s => new ChunkHit(s.Chunk.Id, s.Chunk.DocumentId, s.Score))], SentencePooling.Max);
    }

    /// <summary>Turns a ranked list of sentence hits (ids from <see cref="MakeId"/>) into a ranked chunk list.</summary>
    /// <param name="sentences">Sentence hits, best first.</param>
    /// <param name="pooling">How a chunk's sentence scores become its score.</param>
    /// <param name="temperature">The temperature of <see cref="SentencePooling.LogSumExp"/>.</param>
    /// <returns>One hit per chunk, best first (ties by chunk id).</returns>
    public static IReadOnlyList<ChunkHit> PoolByChunk(IReadOnlyList<ChunkHit> sentences, SentencePooling pooling, double temperature = 0.05)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        if (pooling == SentencePooling.Max)
        {
            return MaxByChunk(sentences);
        }

        var byChunk = new Dictionary<string, (string DocumentId, List<double> Scores)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var sentence in sentences)
        {
            var chunkId = ChunkIdOf(sentence.ChunkId);
            if (!byChunk.TryGetValue(chunkId, out var entry))
            {
                entry = (sentence.DocumentId, []);
                byChunk[chunkId] = entry;
                order.Add(chunkId);
            }

            entry.Scores.Add(sentence.Score);
        }

        var pooled = order.Select(id =>
        {
            var scores = byChunk[id].Scores;
            var max = scores.Max();
            var score = pooling switch
            {
                SentencePooling.MeanOfTopTwo => scores.Count == 1 ? max : scores.OrderDescending().Take(2).Average(),
                SentencePooling.LogSumExp => max + (temperature * Math.Log(scores.Sum(s => Math.Exp((s - max) / temperature)))),
                _ => max,
            };
            return new ChunkHit(id, byChunk[id].DocumentId, score);
        });
        return pooling == SentencePooling.Max
            ? [.. pooled]
            : [.. pooled.OrderByDescending(h => h.Score).ThenBy(h => h.ChunkId, StringComparer.Ordinal)];
    }

    // The default pooling on every query's 1,000 sentences: no score list per chunk, and no chunk-id string per sentence
    // (a lookup by span; only a chunk seen for the first time allocates its id).
    private static ChunkHit[] MaxByChunk(IReadOnlyList<ChunkHit> sentences)
    {
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = positions.GetAlternateLookup<ReadOnlySpan<char>>();
        var pooled = new List<ChunkHit>();
        foreach (var sentence in sentences)
        {
            var chunkId = ChunkIdSpan(sentence.ChunkId);
            if (!lookup.TryGetValue(chunkId, out var at))
            {
                var id = chunkId.ToString();
                positions[id] = pooled.Count;
                pooled.Add(new ChunkHit(id, sentence.DocumentId, sentence.Score));
            }
            else if (sentence.Score > pooled[at].Score)
            {
                pooled[at] = pooled[at] with { Score = sentence.Score };
            }
        }

        return [.. pooled];
    }

    private static ReadOnlySpan<char> ChunkIdSpan(string sentenceId)
    {
        var at = sentenceId.LastIndexOf(Separator, StringComparison.Ordinal);
        return at < 0
            ? throw new ArgumentException($"'{sentenceId}' is not a sentence id: it has no '{Separator}<n>' suffix.", nameof(sentenceId))
            : sentenceId.AsSpan(0, at);
    }
}
