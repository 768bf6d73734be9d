using System.Collections.Frozen;

namespace Orchestrator.Rag.Chunking;

/// <summary>
/// A rule-based English sentence segmenter. A sentence ends at '.', '!' or '?' (with any closing quotes or brackets)
/// followed by white space and a likely sentence start, except after known abbreviations ("Dr.", "e.g.", "Jan."),
/// single-letter initials ("John F. Kennedy"), dotted acronyms followed by a lower-case word, and inside numbers
/// ("3.14", "v2.0"). A blank line always ends a sentence.
/// <para>
/// Text without a single upper-case letter (lower-cased collections such as Cranfield) has no capital to start a
/// sentence, so by default it comes back as one sentence per paragraph. <see cref="Split(string, bool)"/> with
/// <c>caselessText</c> set treats a full stop, '!' or '?' before a lower-case word as a boundary in such text, unless
/// the word before it is a known abbreviation, a single letter (an initial) or dotted ("n.y.", "e.g."). Text with any
/// capital letter is split exactly as without the flag.
/// </para>
/// </summary>
public static class SentenceSegmenter
{
    private static readonly FrozenSet<string> Abbreviations = new[]
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "gen", "gov", "sen", "rep", "rev", "hon", "col",
        "lt", "sgt", "capt", "cmdr", "adm", "maj", "pres", "supt", "messrs", "mme", "mlle",
        "vs", "etc", "cf", "al", "ca", "approx", "appx", "esp", "viz", "ibid", "op", "resp",
        "fig", "figs", "eq", "eqs", "no", "nos", "vol", "vols", "pp", "p", "ch", "sec", "art", "ed", "eds", "dept", "univ",
        "inc", "ltd", "co", "corp", "bros", "assn", "est",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "e.g", "i.e", "a.m", "p.m", "u.s", "u.k", "u.n", "ph.d", "b.a", "m.a", "m.d", "d.c",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Splits <paramref name="text"/> into trimmed sentences; with <paramref name="caselessText"/>, text that has no
    /// upper-case letter at all is also split before lower-case words (see the type's remarks).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="caselessText">Whether to apply the rule for text without capitals (off by default).</param>
    /// <returns>The sentences, in order, none empty.</returns>
    public static IReadOnlyList<string> Split(string text, bool caselessText = false)
    {
        ArgumentNullException.ThrowIfNull(text);

        // Case is evidence only where the text has some: one capital anywhere keeps the capital rule.
        var caseless = caselessText && !text.Any(char.IsUpper);
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n' && IsBlankLineAt(text, i))
            {
                Add(sentences, text, start, i);
                start = i + 1;
                continue;
            }

            if (c is not ('.' or '!' or '?'))
            {
                continue;
            }

            // Absorb runs of terminal punctuation ("?!", "...") and closing quotes or brackets.
            var end = i + 1;
            while (end < text.Length && text[end] is '.' or '!' or '?')
            {
                end++;
            }

            while (end < text.Length && IsCloser(text[end]))
            {
                end++;
            }

            if (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                i = end - 1;
                continue; // "3.14", "example.com", "U.S.A"
            }

            if (caseless ? IsCaselessBoundary(text, i, end) : IsBoundary(text, i, end))
            {
                Add(sentences, text, start, end);
                start = end;
            }

            i = end - 1;
        }

        Add(sentences, text, start, text.Length);
        return sentences;
    }

    private static bool IsBoundary(string text, int punct, int end)
    {
        var next = NextNonSpace(text, end);
        if (next < 0)
        {
            return true;
        }

        var nextChar = text[next];
        if (char.IsLower(nextChar))
        {
            return false; // "e.g. the", "... and then"
        }

        if (text[punct] != '.' || (end - punct > 1 && text[punct + 1] == '.'))
        {
            return true; // '!' / '?' / an ellipsis before a capital
        }

        var word = WordBefore(text, punct);
        if (word.Length == 0)
        {
            return true;
        }

        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return false; // an initial: "John F. Kennedy", "J. R. R. Tolkien"
        }

        if (Abbreviations.Contains(word))
        {
            return false;
        }

        // Dotted acronyms like "U.S.S.R." end a sentence only when a capitalized word that is not a name follows;
        // without a lexicon we keep them joined, which errs toward longer sentences rather than broken ones.
        return !(word.Contains('.', StringComparison.Ordinal) && word.Replace(".", string.Empty, StringComparison.Ordinal).All(char.IsUpper));
    }

    // Lower-case text: any word may start a sentence, so before a lower-case word the word before the punctuation
    // decides; before anything else (a digit, a symbol) the usual rule applies.
    private static bool IsCaselessBoundary(string text, int punct, int end)
    {
        var next = NextNonSpace(text, end);
        if (next < 0 || !char.IsLower(text[next]))
        {
            return IsBoundary(text, punct, end);
        }

        if (text[punct] != '.')
        {
            return true; // '?' or '!'
        }

        if (end - punct > 1 && text[punct + 1] == '.')
        {
            return false; // an ellipsis: "... and then" cannot be told from an ending without case, so keep it joined
        }

        // A detached full stop ("velocity ratios .  the results") has no word before it and ends the sentence.
        var word = WordBefore(text, punct);
        var initial = word.Length == 1 && char.IsLetter(word[0]);
        var dotted = word.Contains('.', StringComparison.Ordinal) && word.Any(char.IsLetter); // "n.y", not "3.5"
        return !(initial || dotted || Abbreviations.Contains(word));
    }

    private static string WordBefore(string text, int punct)
    {
        var s = punct;
        while (s > 0 && (char.IsLetterOrDigit(text[s - 1]) || text[s - 1] == '.'))
        {
            s--;
        }

        return text[s..punct].Trim('.');
    }

    private static int NextNonSpace(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]) && !IsOpener(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsBlankLineAt(string text, int i)
    {
        for (var j = i + 1; j < text.Length && text[j] != '\n'; j++)
        {
            if (!char.IsWhiteSpace(text[j]))
            {
                return false;
            }
        }

        return i + 1 < text.Length;
    }

    private static bool IsCloser(char c) => c is '"' or '\'' or ')' or ']' or '}' or '\u201D' or '\u2019' or '\u00BB';

    private static bool IsOpener(char c) => c is '"' or '\'' or '(' or '[' or '{' or '\u201C' or '\u2018' or '\u00AB';

    private static void Add(List<string> sentences, string text, int start, int end)
    {
        var sentence = text[start..end].Trim();
        if (sentence.Length > 0)
        {
            sentences.Add(sentence);
        }
    }
}
