using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Fusion;

/// <summary>
/// Combines ranked lists from different retrievers into one. The <see cref="ChunkHit"/> overloads fuse on ids alone
/// (what the hybrid retriever uses, so chunk text is loaded only for the final top k); the <see cref="ScoredChunk"/>
/// overloads give the same ranking for callers that already hold the chunks.
/// </summary>
public static class ScoreFusion
{
    /// <summary>
    /// Normalizes each list's scores for this query, then sums them with the given weights. Min-max: a chunk missing
    /// from a list contributes 0 for it and a list whose scores are all equal normalizes to 1. Z-score: a chunk missing
    /// from a list gets that list's minimum.
    /// </summary>
    /// <param name="lists">The ranked lists with their weights.</param>
    /// <param name="topK">How many fused results to return.</param>
    /// <param name="normalization">How scores are normalized per list.</param>
    /// <param name="byDocument">Whether items are keyed by document (after <see cref="BestChunkPerDocument(IReadOnlyList{ValueTuple{IReadOnlyList{ChunkHit}, double}})"/>) rather than by chunk.</param>
    /// <param name="exactScores">
    /// Optional, per list (same order): the raw score that list's retriever gives items it did not return in its top k,
    /// keyed like the fusion (document id with <paramref name="byDocument"/>, else chunk id). Such an item is normalized
    /// with the list's own statistics instead of getting the list's floor.
    /// </param>
    /// <returns>The fused list, best first; ties broken by chunk id for determinism.</returns>
    public static IReadOnlyList<ChunkHit> Weighted(
        IReadOnlyList<(IReadOnlyList<ChunkHit> List, double Weight)> lists,
        int topK,
        ScoreNormalization normalization = ScoreNormalization.MinMax,
        bool byDocument = false,
        IReadOnlyList<IReadOnlyDictionary<string, double>?>? exactScores = null)
    {
        ArgumentNullException.ThrowIfNull(lists);
        if (exactScores is not null && exactScores.Count != lists.Count)
        {
            throw new ArgumentException($"exactScores has {exactScores.Count} entries for {lists.Count} lists; give one per list (null for none).", nameof(exactScores));
        }

        return normalization == ScoreNormalization.ZScore
            ? ZScore(lists, topK, byDocument, exactScores)
            : MinMax(lists, topK, byDocument, exactScores, theoretical: normalization == ScoreNormalization.TheoreticalMinMax);
    }

    /// <summary>Weighted fusion of lists that hold their chunks; see the <see cref="ChunkHit"/> overload.</summary>
    /// <param name="lists">The ranked lists with their weights.</param>
    /// <param name="topK">How many fused results to return.</param>
    /// <param name="normalization">How scores are normalized per list.</param>
    /// <param name="byDocument">Whether items are keyed by document rather than by chunk.</param>
    /// <returns>The fused list, best first; ties broken by chunk id for determinism.</returns>
    public static IReadOnlyList<ScoredChunk> Weighted(
        IReadOnlyList<(IReadOnlyList<ScoredChunk> List, double Weight)> lists, int topK, ScoreNormalization normalization = ScoreNormalization.MinMax, bool byDocument = false)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var (hits, chunks) = ToHits(lists);
        return ToScored(Weighted(hits, topK, normalization, byDocument), chunks);
    }

    /// <summary>Reciprocal-rank fusion: each list adds weight / (k + rank) for each chunk it holds (rank from 1).</summary>
    /// <param name="lists">The ranked lists with their weights.</param>
    /// <param name="k">The rank constant (60 in the original paper).</param>
    /// <param name="topK">How many fused results to return.</param>
    /// <param name="byDocument">Whether items are keyed by document rather than by chunk.</param>
    /// <returns>The fused list, best first.</returns>
    public static IReadOnlyList<ChunkHit> ReciprocalRank(IReadOnlyList<(IReadOnlyList<ChunkHit> List, double Weight)> lists, int k, int topK, bool byDocument = false)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var fused = new Dictionary<string, ChunkHit>(StringComparer.Ordinal);
        foreach (var (list, weight) in lists)
        {
            for (var rank = 0; rank < list.Count; rank++)
            {
                Accumulate(fused, list[rank], weight / (k + rank + 1), byDocument);
            }
        }

        return Top(fused, topK);
    }

    /// <summary>Reciprocal-rank fusion of lists that hold their chunks; see the <see cref="ChunkHit"/> overload.</summary>
    /// <param name="lists">The ranked lists with their weights.</param>
    /// <param name="k">The rank constant (60 in the original paper).</param>
    /// <param name="topK">How many fused results to return.</param>
    /// <param name="byDocument">Whether items are keyed by document rather than by chunk.</param>
    /// <returns>The fused list, best first.</returns>
    public static IReadOnlyList<ScoredChunk> ReciprocalRank(IReadOnlyList<(IReadOnlyList<ScoredChunk> List, double Weight)> lists, int k, int topK, bool byDocument = false)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var (hits, chunks) = ToHits(lists);
        return ToScored(ReciprocalRank(hits, k, topK, byDocument), chunks);
    }

    /// <summary>
    /// Keeps each document's best chunk in each list. Fusing the result with <c>byDocument: true</c> scores documents
    /// (passage-level scoring: a long document counts by its best passage) and returns one passage per document.
    /// </summary>
    /// <param name="lists">The ranked lists with their weights.</param>
    /// <returns>The collapsed lists.</returns>
    public static IReadOnlyList<(IReadOnlyList<ChunkHit> List, double Weight)> BestChunkPerDocument(IReadOnlyList<(IReadOnlyList<ChunkHit> List, double Weight)> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var result = new (IReadOnlyList<ChunkHit>, double)[lists.Count];
        for (var i = 0; i < lists.Count; i++)
        {
            var (list, weight) = lists[i];
            var seen = new HashSet<string>(list.Count, StringComparer.Ordinal);
            var best = new List<ChunkHit>(list.Count);
            foreach (var hit in list)
            {
                if (seen.Add(hit.DocumentId))
                {
                    best.Add(hit);
                }
            }

            result[i] = (best, weight);
        }

        return result;
    }

    /// <summary>Keeps each document's best chunk in each list; see the <see cref="ChunkHit"/> overload.</summary>
    /// <param name="lists">The ranked lists with their weights.</param>
    /// <returns>The collapsed lists.</returns>
    public static IReadOnlyList<(IReadOnlyList<ScoredChunk> List, double Weight)> BestChunkPerDocument(IReadOnlyList<(IReadOnlyList<ScoredChunk> List, double Weight)> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        return [.. lists.Select(l => ((IReadOnlyList<ScoredChunk>)[.. l.List
            .GroupBy(c => c.Chunk.DocumentId, StringComparer.Ordinal)
            .Select(g => g.First())], l.Weight))];
    }

    /// <summary>
    /// Rescales each list's weight by the list's confidence for this query (<see cref="FusionListWeighting"/>): its
    /// first score's lead, in the list's own standard deviations, over its tenth score (<see cref="FusionListWeighting.TopGap"/>)
    /// or over its mean (<see cref="FusionListWeighting.TopZScore"/>). The weights are then rescaled to keep their sum, so
    /// a confident list gains what an unsure one loses. When no list has any spread, the weights are returned unchanged.
    /// </summary>
    /// <param name="lists">The ranked lists (best first) with their configured weights.</param>
    /// <param name="weighting">How confidence is measured; <see cref="FusionListWeighting.Fixed"/> returns the lists as given.</param>
    /// <returns>The same lists with per-query weights.</returns>
    public static IReadOnlyList<(IReadOnlyList<ChunkHit> List, double Weight)> ConfidenceWeighted(
        IReadOnlyList<(IReadOnlyList<ChunkHit> List, double Weight)> lists, FusionListWeighting weighting)
    {
        ArgumentNullException.ThrowIfNull(lists);
        if (weighting == FusionListWeighting.Fixed)
        {
            return lists;
        }

        const int GapRank = 10;
        var confidence = new double[lists.Count];
        double total = 0, weighted = 0;
        for (var i = 0; i < lists.Count; i++)
        {
            var (list, weight) = lists[i];
            if (list.Count > 1)
            {
                var mean = list.Average(c => c.Score);
                var std = Math.Sqrt(list.Average(c => (c.Score - mean) * (c.Score - mean)));
                var top = list.Max(c => c.Score);
                var reference = weighting == FusionListWeighting.TopGap ? list[Math.Min(GapRank, list.Count) - 1].Score : mean;
                confidence[i] = std > 0 ? Math.Max(0, (top - reference) / std) : 0;
            }

            total += weight;
            weighted += weight * confidence[i];
        }

        if (weighted <= 0)
        {
            return lists;
        }

        // Weights keep their sum: w_i * c_i / (sum w c / sum w).
        var result = new (IReadOnlyList<ChunkHit>, double)[lists.Count];
        for (var i = 0; i < lists.Count; i++)
        {
            result[i] = (lists[i].List, lists[i].Weight * confidence[i] * total / weighted);
        }

        return result;
    }

    /// <summary>
    /// Score regularization (Diaz, 2005): each result's score becomes <c>(1 - alpha) * score + alpha * mean</c> of the
    /// scores of its <paramref name="neighbours"/> nearest other results, nearness being the dot product of their
    /// vectors (cosine for unit vectors). Related documents thus lend each other score: a document close to several
    /// high-scoring ones rises, an isolated one sinks. A result without a vector keeps its score.
    /// </summary>
    /// <param name="fused">The fused results, any order.</param>
    /// <param name="vectors">Stored vectors by chunk id (results are looked up by <see cref="ChunkHit.ChunkId"/>).</param>
    /// <param name="alpha">The neighbours' share, 0-1.</param>
    /// <param name="neighbours">How many nearest results to average, at least 1.</param>
    /// <param name="similarityWeighted">
    /// Whether the neighbours' mean is weighted by their similarity (negative similarities count 0) instead of plain.
    /// </param>
    /// <returns>The results with smoothed scores, best first; ties broken by chunk id.</returns>
    public static IReadOnlyList<ChunkHit> SmoothByNeighbours(
        IReadOnlyList<ChunkHit> fused, IReadOnlyDictionary<string, ReadOnlyMemory<float>> vectors, double alpha, int neighbours, bool similarityWeighted = false)
    {
        ArgumentNullException.ThrowIfNull(fused);
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentOutOfRangeException.ThrowIfNegative(alpha);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(alpha, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(neighbours, 1);
        var withVector = new List<(int Index, ReadOnlyMemory<float> Vector)>(fused.Count);
        for (var i = 0; i < fused.Count; i++)
        {
            if (vectors.TryGetValue(fused[i].ChunkId, out var vector))
            {
                withVector.Add((i, vector));
            }
        }

        var smoothed = new Dictionary<string, ChunkHit>(fused.Count, StringComparer.Ordinal);
        foreach (var hit in fused)
        {
            smoothed.TryAdd(hit.ChunkId, hit);
        }

        var similarities = new (double Similarity, double Score)[Math.Max(0, withVector.Count - 1)];
        foreach (var (index, vector) in withVector)
        {
            var n = 0;
            foreach (var (other, otherVector) in withVector)
            {
                if (other != index)
                {
                    similarities[n++] = (System.Numerics.Tensors.TensorPrimitives.Dot(vector.Span, otherVector.Span), fused[other].Score);
                }
            }

            if (n == 0)
            {
                continue;
            }

            Array.Sort(similarities, 0, n, Comparer<(double Similarity, double Score)>.Create((x, y) => y.Similarity.CompareTo(x.Similarity)));
            var take = Math.Min(neighbours, n);
            double sum = 0, weights = 0;
            for (var j = 0; j < take; j++)
            {
                var weight = similarityWeighted ? Math.Max(0, similarities[j].Similarity) : 1;
                sum += weight * similarities[j].Score;
                weights += weight;
            }

            var hit = fused[index];
            var mean = weights > 0 ? sum / weights : hit.Score;
            smoothed[hit.ChunkId] = hit with { Score = ((1 - alpha) * hit.Score) + (alpha * mean) };
        }

        return Top(smoothed, smoothed.Count);
    }

    /// <summary>
    /// CombMNZ (Fox and Shaw 1994; Lee 1997): each fused score multiplied by the number of weighted lists that returned
    /// the item, so agreement between retrievers counts beyond the sum of their normalized scores. Fused scores must
    /// be 0 or more, as weighted fusion's are (z-scores are measured from each list's floor).
    /// </summary>
    /// <param name="fused">The fused results (all candidates, not cut to the top k).</param>
    /// <param name="lists">The lists that were fused, with their weights (lists of weight 0 do not count).</param>
    /// <param name="topK">How many results to return.</param>
    /// <param name="byDocument">Whether items are keyed by document, as in the fusion.</param>
    /// <returns>The rescored results, best first; ties broken by chunk id.</returns>
    public static IReadOnlyList<ChunkHit> MultiplyByListCount(
        IReadOnlyList<ChunkHit> fused, IReadOnlyList<(IReadOnlyList<ChunkHit> List, double Weight)> lists, int topK, bool byDocument = false)
    {
        ArgumentNullException.ThrowIfNull(fused);
        ArgumentNullException.ThrowIfNull(lists);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (list, weight) in lists)
        {
            if (weight == 0)
            {
                continue;
            }

            foreach (var key in list.Select(h => Key(h, byDocument)).Distinct(StringComparer.Ordinal))
            {
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        var rescored = new Dictionary<string, ChunkHit>(fused.Count, StringComparer.Ordinal);
        foreach (var hit in fused)
        {
            rescored[Key(hit, byDocument)] = hit with { Score = hit.Score * counts.GetValueOrDefault(Key(hit, byDocument)) };
        }

        return Top(rescored, topK);
    }

    private static ChunkHit[] MinMax(
        IReadOnlyList<(IReadOnlyList<ChunkHit> List, double Weight)> lists, int topK, bool byDocument, IReadOnlyList<IReadOnlyDictionary<string, double>?>? exactScores, bool theoretical)
    {
        var fused = new Dictionary<string, ChunkHit>(StringComparer.Ordinal);
        var completions = new List<(HashSet<string> Returned, double Min, double Range, double Weight, IReadOnlyDictionary<string, double> Exact)>();
        for (var i = 0; i < lists.Count; i++)
        {
            var (list, weight) = lists[i];
            if (list.Count == 0 || weight == 0)
            {
                continue;
            }

            var max = list.Max(c => c.Score);
            var min = theoretical ? 0 : list.Min(c => c.Score);
            var range = max - min;
            foreach (var item in list)
            {
                var normalized = range > 0 ? (item.Score - min) / range : 1.0;
                Accumulate(fused, item, weight * normalized, byDocument);
            }

            if (exactScores?[i] is { } exact)
            {
                completions.Add(([.. list.Select(h => Key(h, byDocument))], min, range, weight, exact));
            }
        }

        // An item a list did not return but whose exact score is known gets that score, normalized the same way.
        foreach (var (returned, min, range, weight, exact) in completions)
        {
            foreach (var (key, hit) in fused.ToArray())
            {
                if (!returned.Contains(key) && exact.TryGetValue(key, out var score))
                {
                    fused[key] = hit with { Score = hit.Score + (weight * (range > 0 ? (score - min) / range : 0)) };
                }
            }
        }

        return Top(fused, topK);
    }

    private static ChunkHit[] ZScore(
        IReadOnlyList<(IReadOnlyList<ChunkHit> List, double Weight)> lists, int topK, bool byDocument, IReadOnlyList<IReadOnlyDictionary<string, double>?>? exactScores)
    {
        var fused = new Dictionary<string, ChunkHit>(StringComparer.Ordinal);
        var floors = 0.0;
        var normalizedLists = new List<(Dictionary<string, double> Scores, double Weight, double Floor)>();
        for (var i = 0; i < lists.Count; i++)
        {
            var (list, weight) = lists[i];
            if (list.Count == 0 || weight == 0)
            {
                continue;
            }

            var mean = list.Average(c => c.Score);
            var std = Math.Sqrt(list.Average(c => (c.Score - mean) * (c.Score - mean)));
            var scores = new Dictionary<string, double>(list.Count, StringComparer.Ordinal);
            foreach (var c in list)
            {
                scores.TryAdd(Key(c, byDocument), std > 0 ? (c.Score - mean) / std : 0);
            }

            var floor = scores.Values.Min();
            if (exactScores?[i] is { } exact)
            {
                // Items the list did not return but whose exact score is known: normalized with the list's statistics.
                foreach (var (key, score) in exact)
                {
                    scores.TryAdd(key, std > 0 ? (score - mean) / std : 0);
                }
            }

            floors += weight * floor;
            normalizedLists.Add((scores, weight, floor));
            foreach (var item in list)
            {
                fused.TryAdd(Key(item, byDocument), item with { Score = 0 });
            }
        }

        // A chunk absent from a list (with no exact score) scores that list's minimum: it ranked below everything the list returned.
        foreach (var id in fused.Keys.ToArray())
        {
            var total = 0.0;
            foreach (var (scores, weight, floor) in normalizedLists)
            {
                total += weight * scores.GetValueOrDefault(id, floor);
            }

            fused[id] = fused[id] with { Score = total - floors };
        }

        return Top(fused, topK);
    }

    private static string Key(ChunkHit hit, bool byDocument) => byDocument ? hit.DocumentId : hit.ChunkId;

    // The first hit seen for a key represents it (the first list's best chunk of a document).
    private static void Accumulate(Dictionary<string, ChunkHit> fused, ChunkHit hit, double add, bool byDocument)
    {
        var key = Key(hit, byDocument);
        fused[key] = fused.TryGetValue(key, out var existing) ? existing with { Score = existing.Score + add } : hit with { Score = add };
    }

    private static ChunkHit[] Top(Dictionary<string, ChunkHit> fused, int topK) =>
        [.. fused.Values
            .OrderByDescending(v => v.Score)
            .ThenBy(v => v.ChunkId, StringComparer.Ordinal)
            .Take(topK)];

    private static (IReadOnlyList<(IReadOnlyList<ChunkHit> List, double Weight)> Hits, Dictionary<string, DocumentChunk> Chunks) ToHits(
        IReadOnlyList<(IReadOnlyList<ScoredChunk> List, double Weight)> lists)
    {
        var chunks = new Dictionary<string, DocumentChunk>(StringComparer.Ordinal);
        var hits = new (IReadOnlyList<ChunkHit>, double)[lists.Count];
        for (var i = 0; i < lists.Count; i++)
        {
            var (list, weight) = lists[i];
            var converted = new ChunkHit[list.Count];
            for (var j = 0; j < list.Count; j++)
            {
                var chunk = list[j].Chunk;
                chunks.TryAdd(chunk.Id, chunk);
                converted[j] = new ChunkHit(chunk.Id, chunk.DocumentId, list[j].Score);
            }

            hits[i] = (converted, weight);
        }

        return (hits, chunks);
    }

    private static ScoredChunk[] ToScored(IReadOnlyList<ChunkHit> hits, Dictionary<string, DocumentChunk> chunks) =>
        [.. hits.Select(h => new ScoredChunk(chunks[h.ChunkId], h.Score))];
}
