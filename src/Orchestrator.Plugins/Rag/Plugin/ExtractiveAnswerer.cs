using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Orchestrator.Rag.Chunking;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Plugin;

/// <summary>
/// Answers without a generative model: picks the sentences of the top chunks most similar to the question
/// (embedding cosine), keeps them in source order, and cites the chunk each came from.
/// </summary>
internal static class ExtractiveAnswerer
{
    public const string Preface = "Extractive answer (no generative model is configured; these are the most relevant sentences from the sources):";

    public static async Task<string> AnswerAsync(
        string question, IReadOnlyList<ScoredChunk> chunks, IEmbeddingGenerator<string, Embedding<float>> embedder, int sentences, CancellationToken cancellationToken)
    {
        var candidates = new List<(int Source, int Order, string Sentence)>();
        for (var i = 0; i < chunks.Count; i++)
        {
            var split = SentenceSegmenter.Split(chunks[i].Chunk.Text);
            candidates.AddRange(split.Where(s => s.Length >= 20).Select((s, j) => (i + 1, j, s)));
        }

        if (candidates.Count == 0)
        {
            return Preface + "\n(no sentence in the sources)";
        }

        // The question is embedded as a search query (asymmetric models put their instruction before it), the
        // candidates as passages.
        var query = await embedder.GenerateQueryEmbeddingAsync(question, cancellationToken).ConfigureAwait(false);
        var embeddings = await embedder.GenerateAsync([.. candidates.Select(c => c.Sentence)], cancellationToken: cancellationToken).ConfigureAwait(false);
        var best = candidates
            .Select((c, i) => (c, Score: TensorPrimitives.CosineSimilarity(query.Span, embeddings[i].Vector.Span)))
            .OrderByDescending(x => x.Score)
            .Take(sentences)
            .Select(x => x.c)
            .OrderBy(c => c.Source)
            .ThenBy(c => c.Order)
            .Select(c => $"{c.Sentence} [{c.Source}]");
        return Preface + "\n" + string.Join("\n", best);
    }
}
