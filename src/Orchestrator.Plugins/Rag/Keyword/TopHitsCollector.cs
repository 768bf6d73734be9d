using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Orchestrator.Rag.Keyword;

/// <summary>
/// Keeps the best k (score, doc) pairs in two plain arrays arranged as a min-heap: no <see cref="ScoreDoc"/> objects,
/// no sentinel pre-fill. Ranks like Lucene's own top-score collector: higher score first, then lower doc id.
/// </summary>
internal sealed class TopHitsCollector : ICollector
{
    private readonly float[] _scores;
    private readonly int[] _docs;
    private int _count;
    private int _docBase;
    private Scorer? _scorer;

    public TopHitsCollector(int capacity)
    {
        _scores = new float[capacity];
        _docs = new int[capacity];
    }

    // Out-of-order collection lets Lucene use its faster bucketed scorer for pure-SHOULD boolean queries.
    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer) => _scorer = scorer;

    public void SetNextReader(AtomicReaderContext context) => _docBase = context.DocBase;

    public void Collect(int doc) => Collect(doc, _scorer!.GetScore());

    /// <summary>Offers a segment-relative document with a score computed elsewhere.</summary>
    /// <param name="doc">The document, relative to the current segment.</param>
    /// <param name="score">Its score.</param>
    public void Collect(int doc, float score)
    {
        doc += _docBase;
        if (_count < _scores.Length)
        {
            _scores[_count] = score;
            _docs[_count] = doc;
            SiftUp(_count++);
        }
        else if (Ranks(score, doc, _scores[0], _docs[0]))
        {
            _scores[0] = score;
            _docs[0] = doc;
            SiftDown(0, _count);
        }
    }

    /// <summary>Empties the heap into (global doc id, score) pairs, best first.</summary>
    /// <returns>The hits.</returns>
    public (int Doc, float Score)[] Drain()
    {
        var result = new (int, float)[_count];
        for (var i = _count - 1; i >= 0; i--)
        {
            result[i] = (_docs[0], _scores[0]);
            _scores[0] = _scores[i];
            _docs[0] = _docs[i];
            SiftDown(0, i);
        }

        _count = 0;
        return result;
    }

    // Whether (score a, doc a) ranks above (score b, doc b); the heap root is the pair every other pair ranks above.
    private static bool Ranks(float scoreA, int docA, float scoreB, int docB) => scoreA > scoreB || (scoreA == scoreB && docA < docB);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Ranks(_scores[parent], _docs[parent], _scores[i], _docs[i]))
            {
                return;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i, int count)
    {
        while (true)
        {
            var worst = i;
            var left = (2 * i) + 1;
            var right = left + 1;
            if (left < count && Ranks(_scores[worst], _docs[worst], _scores[left], _docs[left]))
            {
                worst = left;
            }

            if (right < count && Ranks(_scores[worst], _docs[worst], _scores[right], _docs[right]))
            {
                worst = right;
            }

            if (worst == i)
            {
                return;
            }

            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_docs[a], _docs[b]) = (_docs[b], _docs[a]);
    }
}
