namespace Orchestrator.Testing.Wire;

/// <summary>Splits text the way a model streams it: one piece per word, each carrying the whitespace before it.</summary>
internal static class TextChunker
{
    public static IReadOnlyList<string> Split(string text)
    {
        var pieces = new List<string>();
        var start = 0;
        for (var i = 1; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1]))
            {
                pieces.Add(text[start..i]);
                start = i;
            }
        }

        if (start < text.Length)
        {
            pieces.Add(text[start..]);
        }

        return pieces;
    }

    /// <summary>Cuts <paramref name="json"/> into pieces of about <paramref name="size"/> characters, as providers stream tool arguments.</summary>
    public static IReadOnlyList<string> Slice(string json, int size = 8)
    {
        var pieces = new List<string>();
        for (var i = 0; i < json.Length; i += size)
        {
            pieces.Add(json.Substring(i, Math.Min(size, json.Length - i)));
        }

        return pieces;
    }
}
