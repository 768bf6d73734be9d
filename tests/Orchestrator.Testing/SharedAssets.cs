namespace Orchestrator.Testing;

/// <summary>
/// Locates the test-only data that lives beside the repository in <c>../shared</c>
/// (evaluation collections, the tiny GGUF model). A user's clone has no such folder:
/// tests then skip with a reason, except under CI (<c>CI=true</c>) where a missing folder is a failure.
/// </summary>
public static class SharedAssets
{
    /// <summary>Gets the absolute path of the shared folder, or <see langword="null"/> when it is absent.</summary>
    public static string? Root { get; } = FindRoot();

    /// <summary>Gets a value indicating whether the process runs under CI, where skipping is not allowed.</summary>
    public static bool IsCi { get; } = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Returns the absolute path of <paramref name="relativePath"/> inside the shared folder.
    /// Returns <see langword="null"/> (the caller skips) when it is missing outside CI; throws under CI.
    /// </summary>
    /// <param name="relativePath">A path relative to <c>../shared</c>, e.g. <c>models/stories260K/stories260K.gguf</c>.</param>
    /// <returns>The full path, or <see langword="null"/> when the asset is absent and skipping is allowed.</returns>
    public static string? TryGet(string relativePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        if (Root is not null)
        {
            var full = Path.Combine(Root, relativePath);
            if (File.Exists(full) || Directory.Exists(full))
            {
                return full;
            }
        }

        if (IsCi)
        {
            throw new InvalidOperationException(
                $"CI=true but the shared test asset '{relativePath}' was not found (looked for a 'shared' folder beside the repository root). CI must run with ../shared present.");
        }

        return null;
    }

    /// <summary>The reason given when a test skips because the shared folder is absent.</summary>
    /// <param name="relativePath">The missing asset.</param>
    /// <returns>A human-readable skip reason.</returns>
    public static string SkipReason(string relativePath) =>
        $"Shared test asset '{relativePath}' is not present (it lives in ../shared beside the repository, which a user's clone does not have).";

    private static string? FindRoot()
    {
        var explicitRoot = Environment.GetEnvironmentVariable("ORCH_SHARED_DIR");
        if (!string.IsNullOrEmpty(explicitRoot) && Directory.Exists(explicitRoot))
        {
            return Path.GetFullPath(explicitRoot);
        }

        // Walk up from the test binary to the repository root (the folder holding Orchestrator.sln), then look beside it.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
            {
                var candidate = Path.Combine(dir.Parent?.FullName ?? dir.FullName, "shared");
                return Directory.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }
}
