using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Spans;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Keyword;

// Query construction: analyzed terms, RM3 expansion and proximity spans (never QueryParser).
public sealed partial class LuceneBm25Index
{
    // Adjacent analyzed query terms (stop words already gone), each distinct pair of distinct terms once, in query order.
    private List<(string First, string Second)> Pairs(string query)
    {
        var terms = Analyze(query);
        var pairs = new List<(string, string)>(Math.Max(0, terms.Count - 1));
        var seen = new HashSet<(string, string)>();
        for (var i = 1; i < terms.Count; i++)
        {
            if (!string.Equals(terms[i - 1], terms[i], StringComparison.Ordinal) && seen.Add((terms[i - 1], terms[i])))
            {
                pairs.Add((terms[i - 1], terms[i]));
            }
        }

        return pairs;
    }

    private List<(string First, string Second)>? ProximityPairs(string query) => _options.ProximityWeight > 0 ? Pairs(query) : null;

    // Each pair: ordered within OrderedSlop (2/3 of the weight), unordered within UnorderedSlop (1/3), as SDM's 0.1 / 0.05.
    private static void AddProximity(BooleanQuery query, IReadOnlyList<(string First, string Second)> pairs, float weight)
    {
        foreach (var (first, second) in pairs.Take(BooleanQuery.MaxClauseCount / 8))
        {
            SpanQuery[] clauses = [new SpanTermQuery(new Term(ContentField, first)), new SpanTermQuery(new Term(ContentField, second))];
            query.Add(new SpanNearQuery(clauses, OrderedSlop, inOrder: true) { Boost = weight * 2f / 3f }, Occur.SHOULD);
            query.Add(new SpanNearQuery(clauses, UnorderedSlop, inOrder: false) { Boost = weight / 3f }, Occur.SHOULD);
        }
    }

    private Dictionary<string, float> QueryWeights(string query)
    {
        var weights = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var term in Analyze(query))
        {
            weights[term] = weights.GetValueOrDefault(term) + 1f;
        }

        return weights;
    }

    // RM3 (Lavrenko and Croft's relevance model interpolated with the query, as Anserini does it): the top documents'
    // term distributions weighted by their scores, the best terms kept, mixed with the query's own distribution.
    private Dictionary<string, float> Expand(Dictionary<string, float> weights, MetadataFilter? filter)
    {
        if (_options.FeedbackDocuments <= 0 || weights.Count == 0)
        {
            return weights;
        }

        var feedback = Run(weights, _options.FeedbackDocuments, filter, Hydrate);
        var relevance = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var hit in feedback)
        {
            var terms = Analyze(string.IsNullOrEmpty(hit.Chunk.Title) ? hit.Chunk.Text : hit.Chunk.Title + "\n" + hit.Chunk.Text);
            var share = hit.Score / Math.Max(1, terms.Count);
            foreach (var term in terms)
            {
                // Numbers and one-letter tokens carry no topic.
                if (term.Length > 1 && !term.All(char.IsDigit))
                {
                    relevance[term] = relevance.GetValueOrDefault(term) + share;
                }
            }
        }

        var expansion = relevance.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(_options.FeedbackTerms).ToArray();
        var expansionTotal = expansion.Sum(p => p.Value);
        if (expansionTotal <= 0)
        {
            return weights;
        }

        var queryTotal = weights.Values.Sum();
        var lambda = _options.FeedbackOriginalWeight;
        var expanded = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var (term, weight) in weights)
        {
            expanded[term] = lambda * weight / queryTotal;
        }

        foreach (var (term, weight) in expansion)
        {
            expanded[term] = expanded.GetValueOrDefault(term) + (float)((1 - lambda) * weight / expansionTotal);
        }

        return expanded;
    }

    private BooleanQuery BuildQuery(IReadOnlyDictionary<string, float> weights, IReadOnlyList<(string First, string Second)>? pairs)
    {
        var query = new BooleanQuery(disableCoord: true);
        var proximity = pairs is { Count: > 0 } ? _options.ProximityWeight : 0f;

        // Room for a title clause per term and, with proximity, two span clauses per pair (at most a quarter of the limit).
        foreach (var (term, weight) in weights.Take(BooleanQuery.MaxClauseCount / (proximity > 0 ? 4 : 2)))
        {
            query.Add(new TermQuery(new Term(ContentField, term)) { Boost = weight * (1 - proximity) }, Occur.SHOULD);
            if (_options.TitleBoost > 0)
            {
                query.Add(new TermQuery(new Term(TitleField, term)) { Boost = weight * _options.TitleBoost }, Occur.SHOULD);
            }
        }

        if (proximity > 0)
        {
            AddProximity(query, pairs!, proximity);
        }

        return query;
    }
}
