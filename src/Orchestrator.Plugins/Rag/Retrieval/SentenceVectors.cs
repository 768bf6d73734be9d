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
    /// <returns>The sentences as chunks with ids <c>{chunkId}#s{n}</c>; empty for a chunk without text.</returns>
    public static IReadOnlyList<DocumentChunk> Split(DocumentChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var sentences = SentenceSegmenter.Split(chunk.Text);
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
    /// <param name="cancellationToken">A token to cancel indexing.</param>
    /// <returns>How many sentence vectors were stored.</returns>
    public static async Task<int> IndexAsync(
        IEnumerable<DocumentChunk> chunks, IEmbeddingGenerator<string, Embedding<float>> embedder, IVectorIndex index, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(index);

        // Large calls let the embedder sort many short inputs by length before batching them.
        const int Batch = 512;
        var count = 0;
        foreach (var slice in chunks.SelectMany(Split).Chunk(Batch))
        {
            var embeddings = await embedder.GenerateAsync([.. slice.Select(s => s.Text)], cancellationToken: cancellationToken).ConfigureAwait(false);
            await index.UpsertAsync([.. slice.Select((s, i) => new VectorRecord(s, embeddings[i].Vector))], cancellationToken).ConfigureAwait(false);
            count += slice.Length;
        }

        return count;
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
        var at = sentenceId.LastIndexOf(Separator, StringComparison.Ordinal);
        return at < 0
            ? throw new ArgumentException($"'{sentenceId}' is not a sentence id: it has no '{Separator}<n>' suffix.", nameof(sentenceId))
            : sentenceId[..at];
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
        var seen = new HashSet<string>(sentences.Count, StringComparer.Ordinal);
        var result = new List<ChunkHit>();
        foreach (var sentence in sentences)
        {
            var chunkId = ChunkIdOf(sentence.Chunk.Id);
            if (seen.Add(chunkId))
            {
                result.Add(new ChunkHit(chunkId, sentence.Chunk.DocumentId, sentence.Score));
            }
        }

        return result;
    }
}
