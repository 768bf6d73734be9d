using System.Text;

namespace Orchestrator.Providers.LlamaSharp;

/// <summary>
/// Finds stop sequences in streamed text. Text that could still turn into a stop sequence is held back until the next
/// piece decides it, so a stop sequence never reaches the caller, even when it spans several tokens.
/// </summary>
internal sealed class StopSequenceMatcher
{
    private readonly string[] _stops;
    private readonly StringBuilder _pending = new();

    public StopSequenceMatcher(IEnumerable<string> stopSequences) =>
        _stops = [.. stopSequences.Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal)];

    /// <summary>Gets a value indicating whether a stop sequence has been seen.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Adds generated text.</summary>
    /// <param name="text">The text decoded from the latest token.</param>
    /// <returns>The text that may be shown now; after a stop sequence, the text before it.</returns>
    public string Add(string text)
    {
        if (Stopped)
        {
            return string.Empty;
        }

        _pending.Append(text);
        if (_stops.Length == 0)
        {
            return Take(_pending.Length);
        }

        var pending = _pending.ToString();
        var earliest = -1;
        foreach (var stop in _stops)
        {
            var at = pending.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (earliest < 0 || at < earliest))
            {
                earliest = at;
            }
        }

        if (earliest >= 0)
        {
            Stopped = true;
            var before = pending[..earliest];
            _pending.Clear();
            return before;
        }

        return Take(pending.Length - LongestPrefixSuffix(pending));
    }

    /// <summary>Releases the held-back text once generation has ended without a stop sequence.</summary>
    /// <returns>The held-back text.</returns>
    public string Flush() => Stopped ? string.Empty : Take(_pending.Length);

    private string Take(int length)
    {
        var taken = _pending.ToString(0, length);
        _pending.Remove(0, length);
        return taken;
    }

    // The length of the longest end of the text that is the start of a stop sequence.
    private int LongestPrefixSuffix(string text)
    {
        var longest = 0;
        foreach (var stop in _stops)
        {
            for (var length = Math.Min(stop.Length - 1, text.Length); length > longest; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }
}
