using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace Orchestrator.Rag.Keyword;

/// <summary>
/// Scores a weighted bag of terms (a pure-SHOULD boolean query of term clauses, coordination off) term at a time into a
/// per-thread accumulator array, then keeps the top k in <see cref="TopHitsCollector"/>. The scores are the ones
/// Lucene's BM25 query would give (the same <see cref="Similarity"/> computes each term's weight and per-document
/// score; sums are kept in double as Lucene's disjunction scorers do), without the bucketed boolean scorer's per-query
/// tables (about 240 KB per query) and scorer tree.
/// </summary>
internal static class TermAtATimeScorer
{
    [ThreadStatic]
    private static double[]? _accumulator;

    [ThreadStatic]
    private static int[]? _touched;

    // Whether a document was touched: a score of 0 cannot tell (language models clamp a term's score to 0, and a
    // divergence-from-randomness term can score 0 or less), and a document must reach the collector once.
    [ThreadStatic]
    private static bool[]? _seen;

    public static (int Doc, float Score)[] Search(IndexSearcher searcher, Similarity similarity, string field, IReadOnlyDictionary<string, float> weights, int topK)
    {
        var reader = searcher.IndexReader;
        var collection = searcher.CollectionStatistics(field);
        var terms = new List<(Term Term, TermContext Context, Similarity.SimWeight Weight)>(weights.Count);
        foreach (var (text, boost) in weights)
        {
            var term = new Term(field, text);
            var context = TermContext.Build(reader.Context, term);
            if (context.DocFreq == 0)
            {
                continue;
            }

            var weight = similarity.ComputeWeight(boost, collection, searcher.TermStatistics(term, context));

            // A BooleanQuery of boost 1 normalizes each clause with the similarity's query norm (1 for BM25) and boost 1.
            weight.Normalize(1f, 1f);
            terms.Add((term, context, weight));
        }

        var collector = new TopHitsCollector(Math.Max(1, topK));
        if (terms.Count == 0)
        {
            return collector.Drain();
        }

        DocsEnum? docs = null;
        foreach (var leaf in reader.Leaves)
        {
            var atomic = leaf.AtomicReader;
            var fieldTerms = atomic.GetTerms(field);
            if (fieldTerms is null)
            {
                continue;
            }

            var accumulator = Rent(ref _accumulator, atomic.MaxDoc);
            var touched = Rent(ref _touched, atomic.MaxDoc);
            var seen = Rent(ref _seen, atomic.MaxDoc);
            var count = 0;
            try
            {
                count = Accumulate(leaf, fieldTerms, terms, similarity, accumulator, touched, seen, ref docs);
                collector.SetNextReader(leaf);
                for (var i = 0; i < count; i++)
                {
                    collector.Collect(touched[i], (float)accumulator[touched[i]]);
                }
            }
            finally
            {
                // The accumulator is reused by the next query on this thread: leave it all zeros whatever happened.
                Clear(accumulator, seen, touched, count);
            }
        }

        return collector.Drain();
    }

    /// <summary>Scores the given documents (global doc ids, any order) for the weighted terms; unmatched documents score 0.</summary>
    public static Dictionary<int, float> Score(IndexSearcher searcher, Similarity similarity, string field, IReadOnlyDictionary<string, float> weights, IReadOnlyCollection<int> targets)
    {
        var reader = searcher.IndexReader;
        var collection = searcher.CollectionStatistics(field);
        var scores = new Dictionary<int, double>(targets.Count);
        foreach (var target in targets)
        {
            scores[target] = 0;
        }

        var sorted = targets.Order().ToArray();
        DocsEnum? docs = null;
        foreach (var (text, boost) in weights)
        {
            var term = new Term(field, text);
            var context = TermContext.Build(reader.Context, term);
            if (context.DocFreq == 0)
            {
                continue;
            }

            var weight = similarity.ComputeWeight(boost, collection, searcher.TermStatistics(term, context));
            weight.Normalize(1f, 1f);
            foreach (var leaf in reader.Leaves)
            {
                var state = context.Get(leaf.Ord);
                var fieldTerms = leaf.AtomicReader.GetTerms(field);
                if (state is null || fieldTerms is null)
                {
                    continue;
                }

                var termsEnum = fieldTerms.GetEnumerator();
                termsEnum.SeekExact(term.Bytes, state);
                docs = termsEnum.Docs(leaf.AtomicReader.LiveDocs, docs, DocsFlags.FREQS);
                var scorer = similarity.GetSimScorer(weight, leaf);
                var end = leaf.DocBase + leaf.AtomicReader.MaxDoc;
                var current = -1;
                foreach (var global in sorted)
                {
                    if (global < leaf.DocBase || global >= end)
                    {
                        continue;
                    }

                    var doc = global - leaf.DocBase;
                    if (current < doc)
                    {
                        current = docs.Advance(doc);
                    }

                    if (current == DocIdSetIterator.NO_MORE_DOCS)
                    {
                        break;
                    }

                    if (current == doc)
                    {
                        scores[global] += scorer.Score(doc, docs.Freq);
                    }
                }
            }
        }

        return scores.ToDictionary(p => p.Key, p => (float)p.Value);
    }

    private static int Accumulate(
        AtomicReaderContext leaf,
        Terms fieldTerms,
        List<(Term Term, TermContext Context, Similarity.SimWeight Weight)> terms,
        Similarity similarity,
        double[] accumulator,
        int[] touched,
        bool[] seen,
        ref DocsEnum? docs)
    {
        var atomic = leaf.AtomicReader;
        var count = 0;
        var termsEnum = fieldTerms.GetEnumerator();
        try
        {
            foreach (var (term, context, weight) in terms)
            {
                var state = context.Get(leaf.Ord);
                if (state is null)
                {
                    continue;
                }

                termsEnum.SeekExact(term.Bytes, state);
                docs = termsEnum.Docs(atomic.LiveDocs, docs, DocsFlags.FREQS);
                var scorer = similarity.GetSimScorer(weight, leaf);
                for (var doc = docs.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.NextDoc())
                {
                    if (!seen[doc])
                    {
                        seen[doc] = true;
                        touched[count++] = doc;
                    }

                    accumulator[doc] += scorer.Score(doc, docs.Freq);
                }
            }

            return count;
        }
        catch
        {
            Clear(accumulator, seen, touched, count);
            throw;
        }
    }

    private static void Clear(double[] accumulator, bool[] seen, int[] touched, int count)
    {
        for (var i = 0; i < count; i++)
        {
            accumulator[touched[i]] = 0;
            seen[touched[i]] = false;
        }
    }

    private static T[] Rent<T>(ref T[]? buffer, int size)
    {
        if (buffer is null || buffer.Length < size)
        {
            buffer = new T[Math.Max(size, 1024)];
        }

        return buffer;
    }
}
