using System.Text.RegularExpressions;

namespace Orchestrator.Plugins.Browser.Planning;

/// <summary>
/// Spots page text written to steer an AI agent. It is a tripwire for reporting, not the defence: the defence is that page
/// text reaches the model only as delimited data, and the guard limits what any action can reach.
/// </summary>
internal static partial class InjectionDetector
{
    public static string? Find(string pageText)
    {
        var match = Pattern().Match(pageText);
        if (!match.Success)
        {
            return null;
        }

        var start = Math.Max(0, match.Index - 40);
        var length = Math.Min(pageText.Length - start, match.Length + 80);
        return pageText.Substring(start, length).ReplaceLineEndings(" ").Trim();
    }

    [GeneratedRegex(
        @"(ignore|disregard|forget|override)\s+(all\s+|any\s+|the\s+|your\s+)?(previous|prior|above|earlier|original)\s+(instructions|prompts?|task|directions)|you\s+are\s+now\s+(a|an|in)\b|new\s+instructions\s*:|(^|\n)\s*(system|assistant)\s*:|\bas\s+an\s+ai\s+(agent|assistant)\b.{0,40}\b(must|should)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex Pattern();
}
