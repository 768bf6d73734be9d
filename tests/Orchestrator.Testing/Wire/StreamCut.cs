namespace Orchestrator.Testing.Wire;

/// <summary>Where a scripted stream stops early: after <paramref name="AfterChunks"/> chunks, by a reset connection or, with <paramref name="ErrorMessage"/>, by the provider's in-stream error.</summary>
/// <param name="AfterChunks">Chunks sent before the cut.</param>
/// <param name="ErrorMessage">The in-stream error message; <see langword="null"/> aborts the connection instead.</param>
/// <param name="ErrorStatus">The HTTP status the in-stream error stands for (it picks the error type); <see langword="null"/> for the dialect's usual one.</param>
internal sealed record StreamCut(int AfterChunks, string? ErrorMessage = null, int? ErrorStatus = null);
