namespace Orchestrator.Judging;

/// <summary>Finds the JSON object in a model reply that may wrap it in prose or a Markdown code fence.</summary>
internal static class JsonText
{
    public static string? ExtractObject(string reply)
    {
        var start = reply.IndexOf('{', StringComparison.Ordinal);
        var end = reply.LastIndexOf('}');
        return start < 0 || end <= start ? null : reply[start..(end + 1)];
    }

    /// <summary>
    /// Every brace-balanced <c>{...}</c> span of the reply that is not inside another, in order, with braces inside JSON
    /// strings ignored; prose such as "a {short} note" yields a span too, which the caller's parse then rejects.
    /// </summary>
    public static IEnumerable<string> BalancedObjects(string reply)
    {
        for (var start = reply.IndexOf('{', StringComparison.Ordinal); start >= 0; start = reply.IndexOf('{', start + 1))
        {
            var end = MatchingBrace(reply, start);
            if (end > start)
            {
                yield return reply[start..(end + 1)];
            }
        }
    }

    /// <summary>Tells whether the reply's first <c>{</c> is never closed (a reply cut off at the token limit).</summary>
    public static bool IsCutOff(string reply)
    {
        var start = reply.IndexOf('{', StringComparison.Ordinal);
        return start >= 0 && MatchingBrace(reply, start) < 0;
    }

    private static int MatchingBrace(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
