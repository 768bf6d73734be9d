using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Chunking;

/// <summary>
/// Splits on the coarsest separator that yields pieces under the size limit (paragraphs, then lines, then sentences,
/// then words), and packs adjacent pieces back together up to the limit.
/// </summary>
public sealed class RecursiveChunker : ITextChunker
{
    private static readonly string[] Separators = ["\n\n", "\n", ". ", " "];
    private readonly int _size;

    /// <summary>Initializes a new instance of the <see cref="RecursiveChunker"/> class.</summary>
    /// <param name="size">The maximum chunk length in characters.</param>
    public RecursiveChunker(int size = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 16);
        _size = size;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ChunkAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pieces = new List<string>();
        Split(text, 0, pieces);
        var chunks = new List<string>();
        var current = string.Empty;
        foreach (var piece in pieces)
        {
            if (current.Length > 0 && current.Length + 1 + piece.Length > _size)
            {
                chunks.Add(current);
                current = string.Empty;
            }

            current = current.Length == 0 ? piece : current + " " + piece;
        }

        if (current.Length > 0)
        {
            chunks.Add(current);
        }

        return Task.FromResult<IReadOnlyList<string>>(chunks);
    }

    private void Split(string text, int level, List<string> output)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return;
        }

        if (trimmed.Length <= _size)
        {
            output.Add(trimmed);
            return;
        }

        if (level == Separators.Length)
        {
            for (var i = 0; i < trimmed.Length; i += _size)
            {
                output.Add(trimmed.Substring(i, Math.Min(_size, trimmed.Length - i)));
            }

            return;
        }

        var separator = Separators[level];
        var parts = trimmed.Split(separator);
        for (var i = 0; i < parts.Length; i++)
        {
            // Keep the sentence period with its sentence.
            var part = separator == ". " && i < parts.Length - 1 ? parts[i] + "." : parts[i];
            Split(part, level + 1, output);
        }
    }
}
