namespace Orchestrator.Testing.Wire;

/// <summary>Where a scripted stream stops early: after <paramref name="AfterChunks"/> chunks, by a reset connection or, with <paramref name="ErrorMessage"/>, by the provider's in-stream error.</summary>
/// <param name="AfterChunks">Chunks sent before the cut.</param>
/// <param name="ErrorMessage">The in-stream error message; <see langword="null"/> aborts the connection instead.</param>
internal sealed record StreamCut(int AfterChunks, string? ErrorMessage = null);
