using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Reranking;

/// <summary>
/// Reranks with any chat model: the model grades each numbered passage 0-10 for the query in one call
/// ("n: score" lines). Passages the reply does not grade keep their first-stage order below the graded ones.
/// </summary>
public sealed partial class LlmReranker : IReranker
{
    private readonly IChatClient _chatClient;
    private readonly int _maxPassageCharacters;

    /// <summary>Initializes a new instance of the <see cref="LlmReranker"/> class.</summary>
    /// <param name="chatClient">The chat client.</param>
    /// <param name="maxPassageCharacters">How much of each passage is shown to the model.</param>
    public LlmReranker(IChatClient chatClient, int maxPassageCharacters = 700)
    {
        _chatClient = chatClient ?? throw new ArgumentNullException(nameof(chatClient));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPassageCharacters, 50);
        _maxPassageCharacters = maxPassageCharacters;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ScoredChunk>> RerankAsync(string query, IReadOnlyList<ScoredChunk> candidates, int topK, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0)
        {
            return [];
        }

        var prompt = new StringBuilder()
            .Append("Grade how well each passage answers the query, from 0 (irrelevant) to 10 (fully answers it).\n")
            .Append("Reply with one line per passage, exactly \"<number>: <grade>\", and nothing else.\n\n")
            .Append("Query: ").Append(query).Append("\n\n");
        for (var i = 0; i < candidates.Count; i++)
        {
            var text = candidates[i].Chunk.Text;
            prompt.Append(CultureInfo.InvariantCulture, $"[{i + 1}] {(text.Length > _maxPassageCharacters ? text[.._maxPassageCharacters] : text)}\n\n");
        }

        var response = await _chatClient.GetResponseAsync(prompt.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false);
        var grades = new Dictionary<int, double>();
        foreach (Match match in GradeLine().Matches(response.Text))
        {
            var n = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) - 1;
            if (n >= 0 && n < candidates.Count && double.TryParse(match.Groups[2].Value, CultureInfo.InvariantCulture, out var grade))
            {
                grades.TryAdd(n, Math.Clamp(grade, 0, 10) / 10);
            }
        }

        return [.. candidates
            .Select((c, i) => (Chunk: c.Chunk, Grade: grades.TryGetValue(i, out var g) ? g : -1.0, Rank: i))
            .OrderByDescending(x => x.Grade)
            .ThenBy(x => x.Rank)
            .Take(topK)
            .Select(x => new ScoredChunk(x.Chunk, x.Grade))];
    }

    [GeneratedRegex(@"^\s*\[?(\d+)\]?\s*[:=\-]\s*(\d+(?:\.\d+)?)", RegexOptions.Multiline)]
    private static partial Regex GradeLine();
}
