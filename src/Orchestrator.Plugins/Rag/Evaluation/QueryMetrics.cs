namespace Orchestrator.Rag.Evaluation;

/// <summary>Retrieval metrics of one query (or their mean over queries).</summary>
/// <param name="Ndcg10">nDCG@10.</param>
/// <param name="Recall10">Recall@10.</param>
/// <param name="Recall100">Recall@100.</param>
/// <param name="Precision5">Precision@5.</param>
/// <param name="Mrr10">MRR@10.</param>
public sealed record QueryMetrics(double Ndcg10, double Recall10, double Recall100, double Precision5, double Mrr10);
