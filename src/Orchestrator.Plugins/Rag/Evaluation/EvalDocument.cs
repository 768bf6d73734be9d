namespace Orchestrator.Rag.Evaluation;

/// <summary>A document of an evaluation collection.</summary>
/// <param name="Id">The collection's document id.</param>
/// <param name="Title">The title, or empty.</param>
/// <param name="Text">The body text.</param>
public sealed record EvalDocument(string Id, string Title, string Text);
