namespace Orchestrator.Rag.Chunking;

/// <summary>Options for <see cref="SemanticChunker"/>.</summary>
public sealed class SemanticChunkerOptions
{
    /// <summary>Gets or sets the cosine similarity between the next sentence and the running chunk at or above which they merge.</summary>
    public float Threshold { get; set; } = 0.7f;

    /// <summary>Gets or sets how many trailing sentences of a chunk start the next one as well (for context; they may take a chunk past the size limit).</summary>
    public int OverlapSentences { get; set; }

    /// <summary>Gets or sets the maximum chunk length in characters (about 256 word pieces for MiniLM at the default).</summary>
    public int MaxChunkCharacters { get; set; } = 1000;
}
