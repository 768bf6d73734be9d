using LibGit2Sharp;
using Orchestrator.McpServers.Filesystem;
using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Git;

/// <summary>
/// The only way the git tools reach a repository. <c>repo_path</c> must resolve (symlinks followed) inside the
/// configured repository, and the configured repository is what gets opened, whatever sub-path was given:
/// a nested or planted repository is never read. Arguments that git could read as options are refused even
/// though LibGit2Sharp never runs the git executable.
/// </summary>
internal sealed class GitRepositoryAccess
{
    private readonly GitSettings _settings;
    private readonly string _workTree;
    private readonly Lazy<long> _size;

    public GitRepositoryAccess(GitSettings settings)
    {
        _settings = settings;
        if (string.IsNullOrWhiteSpace(settings.Repository))
        {
            throw new ArgumentException("--repository is required for the git server.", nameof(settings));
        }

        var real = PathGuard.RealPathOf(Path.GetFullPath(settings.Repository)).TrimEnd(Path.DirectorySeparatorChar);
        if (!Repository.IsValid(real))
        {
            throw new ArgumentException($"'{settings.Repository}' is not a git repository.", nameof(settings));
        }

        using var repo = new Repository(real);
        _workTree = (repo.Info.WorkingDirectory ?? repo.Info.Path).TrimEnd(Path.DirectorySeparatorChar);
        var gitDirectory = repo.Info.Path;
        _size = new Lazy<long>(() => SizeOf(gitDirectory));
    }

    public Repository Open(string? repoPath)
    {
        if (string.IsNullOrEmpty(repoPath) || repoPath.Any(char.IsControl))
        {
            throw ToolRefusal.Because("repo_path is required and must not contain control characters.");
        }

        if (repoPath.StartsWith('-'))
        {
            throw ToolRefusal.Because($"repo_path '{repoPath}' must not start with '-'.");
        }

        var full = Path.GetFullPath(Path.IsPathRooted(repoPath) ? repoPath : Path.Combine(_workTree, repoPath));
        var real = PathGuard.RealPathOf(full);
        if (!PathGuard.IsWithin(real, _workTree) && !PathGuard.IsWithin(full, _workTree))
        {
            throw ToolRefusal.Because($"Access denied: repo_path '{repoPath}' is outside the configured repository.");
        }

        if (!PathGuard.IsWithin(real, _workTree))
        {
            throw ToolRefusal.Because($"Access denied: repo_path '{repoPath}' resolves through a symbolic link outside the configured repository.");
        }

        if (_size.Value > _settings.MaxRepositoryBytes)
        {
            throw ToolRefusal.Because($"The repository is {_size.Value} bytes, over the {_settings.MaxRepositoryBytes}-byte limit.");
        }

        return new Repository(_workTree);
    }

    public static string RequireArgument(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw ToolRefusal.Because($"{name} is required.");
        }

        if (value.StartsWith('-'))
        {
            throw ToolRefusal.Because($"{name} '{value}' must not start with '-' (it would be read as an option).");
        }

        if (value.Any(char.IsControl) || value.Length > 1024)
        {
            throw ToolRefusal.Because($"{name} contains control characters or is too long.");
        }

        return value;
    }

    public static Commit ResolveCommit(Repository repo, string? revision, string name)
    {
        RequireArgument(revision, name);
        Commit? commit;
        try
        {
            commit = repo.Lookup(revision)?.Peel<Commit>();
        }
        catch (Exception ex) when (ex is LibGit2SharpException or ArgumentException or InvalidOperationException)
        {
            commit = null;
        }

        return commit
            ?? throw ToolRefusal.Because($"{name} '{revision}' does not resolve to a commit in this repository.");
    }

    private static long SizeOf(string directory) =>
        Directory.Exists(directory)
            ? new DirectoryInfo(directory).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint }).Sum(f => f.Length)
            : 0;
}
