using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Chunking;

/// <summary>Cuts text into windows of at most <c>size</c> characters, overlapping by <c>overlap</c>, never inside a word.</summary>
public sealed class FixedSizeChunker : ITextChunker
{
    private readonly int _size;
    private readonly int _overlap;

    /// <summary>Initializes a new instance of the <see cref="FixedSizeChunker"/> class.</summary>
    /// <param name="size">The maximum chunk length in characters.</param>
    /// <param name="overlap">How many characters consecutive chunks share (less than <paramref name="size"/>).</param>
    public FixedSizeChunker(int size = 1000, int overlap = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 16);
        ArgumentOutOfRangeException.ThrowIfNegative(overlap);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(overlap, size / 2);
        _size = size;
        _overlap = overlap;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ChunkAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var chunks = new List<string>();
        var start = SkipSpace(text, 0);
        while (start < text.Length)
        {
            var end = Math.Min(text.Length, start + _size);
            if (end < text.Length)
            {
                var space = text.LastIndexOfAny([' ', '\n', '\t'], end - 1, end - start);
                end = space > start + (_size / 2) ? space : end; // a single huge token is cut hard
            }

            var piece = text[start..end].Trim();
            if (piece.Length > 0)
            {
                chunks.Add(piece);
            }

            if (end >= text.Length)
            {
                break;
            }

            var next = end - _overlap;
            if (_overlap > 0)
            {
                var space = text.IndexOfAny([' ', '\n', '\t'], Math.Max(start + 1, next));
                next = space < 0 || space >= end ? end : space;
            }

            start = SkipSpace(text, Math.Max(next, start + 1));
        }

        return Task.FromResult<IReadOnlyList<string>>(chunks);
    }

    private static int SkipSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }
}
