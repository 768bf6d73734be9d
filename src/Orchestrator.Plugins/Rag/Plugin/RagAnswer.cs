namespace Orchestrator.Rag.Plugin;

/// <summary>An answer grounded in retrieved chunks.</summary>
/// <param name="Text">The answer, with numbered citations such as [1].</param>
/// <param name="IsExtractive">Whether the answer is quoted sentences from the sources (no generative model was available) rather than generated.</param>
/// <param name="Citations">The sources the numbers refer to.</param>
public sealed record RagAnswer(string Text, bool IsExtractive, IReadOnlyList<RagCitation> Citations);
