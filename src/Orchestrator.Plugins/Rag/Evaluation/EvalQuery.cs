namespace Orchestrator.Rag.Evaluation;

/// <summary>A query of an evaluation collection.</summary>
/// <param name="Id">The collection's query id.</param>
/// <param name="Text">The query text.</param>
public sealed record EvalQuery(string Id, string Text);
