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
}
