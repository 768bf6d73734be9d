namespace Orchestrator.Rag.Evaluation;

/// <summary>A retrieval test collection: documents, queries and graded relevance judgments.</summary>
/// <param name="Name">A display name.</param>
/// <param name="Documents">The documents: id, title (may be empty) and text.</param>
/// <param name="Queries">The queries: id and text.</param>
/// <param name="Qrels">Judgments: query id to (document id to gain). Gains &lt;= 0 are judged non-relevant.</param>
public sealed record EvalDataset(
    string Name,
    IReadOnlyList<EvalDocument> Documents,
    IReadOnlyList<EvalQuery> Queries,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Qrels);
