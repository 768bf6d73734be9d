namespace Orchestrator.Rag.Ingestion;

/// <summary>Which chunker ingestion uses.</summary>
public enum ChunkingKind
{
    /// <summary>Sentence segmentation, then adjacent sentences merged while their embeddings stay similar.</summary>
    Semantic,

    /// <summary>Paragraphs, then lines, sentences and words, packed up to the size.</summary>
    Recursive,

    /// <summary>Fixed-size character windows with overlap.</summary>
    FixedSize,
}
