using System.Text.RegularExpressions;

namespace Orchestrator.McpServers.Memory;

/// <summary>Flags personal data in content so clients can see what they are about to remember. Flags, never blocks.</summary>
internal static partial class PiiDetector
{
    public static IReadOnlyList<string> Detect(string text)
    {
        var found = new List<string>();
        if (Email().IsMatch(text))
        {
            found.Add("email");
        }

        if (Phone().IsMatch(text))
        {
            found.Add("phone");
        }

        if (CardCandidate().Matches(text).Any(m => Luhn(m.Value)))
        {
            found.Add("card");
        }

        if (NationalId().IsMatch(text))
        {
            found.Add("national_id");
        }

        return found;
    }

    private static bool Luhn(string candidate)
    {
        var digits = candidate.Where(char.IsDigit).Select(c => c - '0').ToArray();
        if (digits.Length is < 13 or > 19)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i];
            if (i % 2 == 1)
            {
                d = d * 2 > 9 ? (d * 2) - 9 : d * 2;
            }

            sum += d;
        }

        return sum % 10 == 0;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant, 200)]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<!\d)(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\d{2,4}[ .-])\d{3,4}[ .-]?\d{3,4}(?!\d)", RegexOptions.CultureInvariant, 200)]
    private static partial Regex Phone();

    [GeneratedRegex(@"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)", RegexOptions.CultureInvariant, 200)]
    private static partial Regex CardCandidate();

    // US SSN, UK National Insurance number, and an 11-digit national identity number with separators.
    [GeneratedRegex(@"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)|\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", RegexOptions.CultureInvariant, 200)]
    private static partial Regex NationalId();
}
