using System.Globalization;
using System.Text.Json;

namespace Orchestrator.Judging;

/// <summary>
/// Reads a judge reply: a JSON object with a 0-1 score per criterion and a rationale. Tolerates what models do around
/// it (a code fence, prose before and after, braces in that prose, trailing commas, criterion names in another case,
/// scores written as <c>"0.8"</c>, <c>"8/10"</c> or <c>"80%"</c>, <c>reasoning</c> for <c>rationale</c>); refuses, with the
/// problem named, what would need a guess (a missing score, a score outside 0-1, no rationale, an empty reply).
/// </summary>
internal static class JudgeReplyParser
{
    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
    private static readonly string[] RationaleNames = ["rationale", "reasoning", "reason", "explanation"];

    public static JudgeVerdict Parse(string reply, IReadOnlyList<string> criteria)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            throw new FormatException("the reply is empty");
        }

        string? firstError = null;
        foreach (var candidate in JsonText.BalancedObjects(reply))
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(candidate, Lenient);
            }
            catch (JsonException ex)
            {
                firstError ??= $"the JSON object is malformed ({ex.Message})";
                continue;
            }

            using (document)
            {
                if (Property(document.RootElement, "scores") is { ValueKind: JsonValueKind.Object } scores)
                {
                    return Read(document.RootElement, scores, criteria);
                }

                firstError ??= "the reply has no \"scores\" object";
            }
        }

        throw new FormatException(
            JsonText.IsCutOff(reply) ? "the reply holds no complete JSON object (it is cut off)"
            : firstError ?? "the reply holds no JSON object");
    }

    private static JudgeVerdict Read(JsonElement root, JsonElement scores, IReadOnlyList<string> criteria)
    {
        var result = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var criterion in criteria)
        {
            var value = Property(scores, criterion) ?? throw new FormatException($"the score of \"{criterion}\" is missing");
            var score = Score(value) ?? throw new FormatException($"the score of \"{criterion}\" is not a number ({value.GetRawText()})");
            if (score is < 0 or > 1 || double.IsNaN(score))
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"the score of \"{criterion}\" is {score}, outside 0-1"));
            }

            result[criterion] = score;
        }

        var rationale = RationaleNames.Select(n => Property(root, n)).FirstOrDefault(p => p is { ValueKind: JsonValueKind.String })?.GetString();
        if (string.IsNullOrWhiteSpace(rationale))
        {
            throw new FormatException("the reply has no \"rationale\"");
        }

        return new JudgeVerdict(result.Values.Average(), result, rationale.Trim());
    }

    /// <summary>A number, or a string holding one: <c>"0.8"</c>, a fraction <c>"8/10"</c>, a percentage <c>"80%"</c>.</summary>
    private static double? Score(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.GetDouble();
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = value.GetString()!.Trim();
        if (text.EndsWith('%') && Number(text[..^1]) is { } percent)
        {
            return percent / 100;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && Number(text[..slash]) is { } numerator && Number(text[(slash + 1)..]) is { } denominator && denominator > 0)
        {
            return numerator / denominator;
        }

        return Number(text);
    }

    private static double? Number(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name.Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
