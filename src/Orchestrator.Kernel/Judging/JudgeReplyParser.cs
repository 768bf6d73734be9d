using System.Text.Json;

namespace Orchestrator.Judging;

/// <summary>Reads a judge reply: a JSON object with a 0-1 score per criterion and a rationale, possibly in a code fence.</summary>
internal static class JudgeReplyParser
{
    public static JudgeVerdict Parse(string reply, IReadOnlyList<string> criteria)
    {
        var json = JsonText.ExtractObject(reply) ?? throw new FormatException("the reply holds no JSON object");
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("scores", out var scores) || scores.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the reply has no \"scores\" object");
        }

        var result = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var criterion in criteria)
        {
            if (!scores.TryGetProperty(criterion, out var value) || value.ValueKind != JsonValueKind.Number)
            {
                throw new FormatException($"the score of \"{criterion}\" is missing or not a number");
            }

            var score = value.GetDouble();
            if (score is < 0 or > 1 || double.IsNaN(score))
            {
                throw new FormatException($"the score of \"{criterion}\" is {score}, outside 0-1");
            }

            result[criterion] = score;
        }

        var rationale = root.TryGetProperty("rationale", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        if (string.IsNullOrWhiteSpace(rationale))
        {
            throw new FormatException("the reply has no \"rationale\"");
        }

        return new JudgeVerdict(result.Values.Average(), result, rationale);
    }
}
