using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Fusion;

/// <summary>Combines ranked lists from different retrievers into one.</summary>
public static class ScoreFusion
{
    /// <summary>
    /// Min-max normalizes each list's scores to [0, 1] for this query, then sums them with the given weights.
    /// A chunk missing from a list contributes 0 for it; a list whose scores are all equal normalizes to 1.
    /// </summary>
    /// <param name="lists">The ranked lists with their weights.</param>
    /// <param name="topK">How many fused results to return.</param>
    /// <param name="normalization">How scores are normalized per list.</param>
    /// <param name="byDocument">Whether items are keyed by document (after <see cref="BestChunkPerDocument"/>) rather than by chunk.</param>
    /// <returns>The fused list, best first; ties broken by chunk id for determinism.</returns>
    public static IReadOnlyList<ScoredChunk> Weighted(
        IReadOnlyList<(IReadOnlyList<ScoredChunk> List, double Weight)> lists, int topK, ScoreNormalization normalization = ScoreNormalization.MinMax, bool byDocument = false)
    {
        ArgumentNullException.ThrowIfNull(lists);
        if (normalization == ScoreNormalization.ZScore)
        {
            return ZScore(lists, topK, byDocument);
        }

        ArgumentNullException.ThrowIfNull(lists);
        var fused = new Dictionary<string, (DocumentChunk Chunk, double Score)>(StringComparer.Ordinal);
        foreach (var (list, weight) in lists)
        {
            if (list.Count == 0 || weight == 0)
            {
                continue;
            }

            var max = list.Max(c => c.Score);
            var min = list.Min(c => c.Score);
            var range = max - min;
            foreach (var item in list)
            {
                var normalized = range > 0 ? (item.Score - min) / range : 1.0;
                Accumulate(fused, item.Chunk, weight * normalized, byDocument);
            }
        }

        return Top(fused, topK);
    }

    /// <summary>Reciprocal-rank fusion: each list adds weight / (k + rank) for each chunk it holds (rank from 1).</summary>
    /// <param name="lists">The ranked lists with their weights.</param>
    /// <param name="k">The rank constant (60 in the original paper).</param>
    /// <param name="topK">How many fused results to return.</param>
    /// <param name="byDocument">Whether items are keyed by document rather than by chunk.</param>
    /// <returns>The fused list, best first.</returns>
    public static IReadOnlyList<ScoredChunk> ReciprocalRank(IReadOnlyList<(IReadOnlyList<ScoredChunk> List, double Weight)> lists, int k, int topK, bool byDocument = false)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var fused = new Dictionary<string, (DocumentChunk Chunk, double Score)>(StringComparer.Ordinal);
        foreach (var (list, weight) in lists)
        {
            for (var rank = 0; rank < list.Count; rank++)
            {
                Accumulate(fused, list[rank].Chunk, weight / (k + rank + 1), byDocument);
            }
        }

        return Top(fused, topK);
    }

    /// <summary>
    /// Keeps each document's best chunk in each list. Fusing the result with <c>byDocument: true</c> scores documents
    /// (passage-level scoring: a long document counts by its best passage) and returns one passage per document.
    /// </summary>
    /// <param name="lists">The ranked lists with their weights.</param>
    /// <returns>The collapsed lists.</returns>
    public static IReadOnlyList<(IReadOnlyList<ScoredChunk> List, double Weight)> BestChunkPerDocument(IReadOnlyList<(IReadOnlyList<ScoredChunk> List, double Weight)> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        return [.. lists.Select(l => ((IReadOnlyList<ScoredChunk>)[.. l.List
            .GroupBy(c => c.Chunk.DocumentId, StringComparer.Ordinal)
            .Select(g => g.First())], l.Weight))];
    }

    private static ScoredChunk[] ZScore(IReadOnlyList<(IReadOnlyList<ScoredChunk> List, double Weight)> lists, int topK, bool byDocument)
    {
        var fused = new Dictionary<string, (DocumentChunk Chunk, double Score)>(StringComparer.Ordinal);
        var floors = 0.0;
        var normalizedLists = new List<(Dictionary<string, double> Scores, double Weight, double Floor)>();
        foreach (var (list, weight) in lists)
        {
            if (list.Count == 0 || weight == 0)
            {
                continue;
            }

            var mean = list.Average(c => c.Score);
            var std = Math.Sqrt(list.Average(c => (c.Score - mean) * (c.Score - mean)));
            var scores = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var c in list)
            {
                scores.TryAdd(Key(c.Chunk, byDocument), std > 0 ? (c.Score - mean) / std : 0);
            }

            var floor = scores.Values.Min();
            floors += weight * floor;
            normalizedLists.Add((scores, weight, floor));
            foreach (var item in list)
            {
                fused.TryAdd(Key(item.Chunk, byDocument), (item.Chunk, 0));
            }
        }

        // A chunk absent from a list scores that list's minimum: it ranked below everything the list returned.
        foreach (var id in fused.Keys.ToArray())
        {
            var total = 0.0;
            foreach (var (scores, weight, floor) in normalizedLists)
            {
                total += weight * scores.GetValueOrDefault(id, floor);
            }

            fused[id] = (fused[id].Chunk, total - floors);
        }

        return Top(fused, topK);
    }

    private static string Key(DocumentChunk chunk, bool byDocument) => byDocument ? chunk.DocumentId : chunk.Id;

    private static void Accumulate(Dictionary<string, (DocumentChunk Chunk, double Score)> fused, DocumentChunk chunk, double add, bool byDocument)
    {
        var key = Key(chunk, byDocument);
        fused[key] = fused.TryGetValue(key, out var existing) ? (existing.Chunk, existing.Score + add) : (chunk, add);
    }

    private static ScoredChunk[] Top(Dictionary<string, (DocumentChunk Chunk, double Score)> fused, int topK) =>
        [.. fused.Values
            .OrderByDescending(v => v.Score)
            .ThenBy(v => v.Chunk.Id, StringComparer.Ordinal)
            .Take(topK)
            .Select(v => new ScoredChunk(v.Chunk, v.Score))];
}
