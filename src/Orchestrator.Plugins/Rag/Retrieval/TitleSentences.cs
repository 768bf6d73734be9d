using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Retrieval;

/// <summary>
/// Makes a document's title one more sentence of the sentence index: the first chunk's text, as the sentence splitter
/// sees it, starts with the title as a paragraph of its own (a blank line always ends a sentence), so a query that
/// paraphrases the title matches a sentence vector of the title alone.
/// </summary>
internal static class TitleSentences
{
    /// <summary>
    /// Returns the chunk to split into sentences: the first chunk (index 0) of a titled document with its title
    /// prepended as its own paragraph; any other chunk unchanged. Ids, document id and metadata are kept.
    /// </summary>
    /// <param name="chunk">The chunk.</param>
    /// <returns>The chunk whose sentences are embedded.</returns>
    public static DocumentChunk Prepend(DocumentChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return chunk.Index != 0 || string.IsNullOrWhiteSpace(chunk.Title) ? chunk : chunk with { Text = chunk.Title.Trim() + "\n\n" + chunk.Text };
    }
}
