using System.ComponentModel;
using System.Globalization;
using CompareOptions = LibGit2Sharp.CompareOptions;
using System.Text;
using LibGit2Sharp;
using ModelContextProtocol.Server;
using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Git;

/// <summary>
/// Read-only git tools. Names and argument names follow the reference git server so its clients work unchanged;
/// there is deliberately no tool that writes, commits, checks out, inits, adds or pushes.
/// </summary>
[McpServerToolType]
internal sealed partial class GitTools
{
    private readonly GitRepositoryAccess _access;
    private readonly GitSettings _settings;
    private readonly RateLimiter _limiter;

    public GitTools(GitRepositoryAccess access, GitSettings settings, RateLimiter limiter)
    {
        _access = access;
        _settings = settings;
        _limiter = limiter;
    }

    [McpServerTool(Name = "git_status", Title = "Git Status", ReadOnly = true, OpenWorld = false)]
    [Description("Shows the working tree status.")]
    public string GitStatus([Description("Path of the repository (must be the configured repository or inside it).")] string repo_path)
    {
        _limiter.Acquire("git_status", _settings.CallsPerMinutePerOperation);
        using var repo = _access.Open(repo_path);
        var status = repo.RetrieveStatus(new StatusOptions { IncludeUntracked = true, RecurseUntrackedDirs = true });
        var sb = new StringBuilder("Repository status:\n");
        sb.Append("On branch ").Append(repo.Info.IsHeadDetached ? "(detached HEAD)" : repo.Head.FriendlyName).Append('\n');
        foreach (var entry in status.Where(e => e.State != FileStatus.Ignored))
        {
            sb.Append(entry.State.ToString()).Append(": ").Append(entry.FilePath).Append('\n');
        }

        if (!status.IsDirty)
        {
            sb.Append("nothing to commit, working tree clean\n");
        }

        return sb.ToString();
    }

    [McpServerTool(Name = "git_log", Title = "Git Log", ReadOnly = true, OpenWorld = false)]
    [Description("Shows the commit logs, optionally between two timestamps (ISO 8601 or Unix seconds).")]
    public string GitLog(
        [Description("Path of the repository.")] string repo_path,
        [Description("Maximum number of commits to show (at most 1000).")] int max_count = 10,
        [Description("Earliest commit time, ISO 8601 (e.g. 2024-01-15T00:00:00Z) or Unix seconds.")] string? start_timestamp = null,
        [Description("Latest commit time, ISO 8601 or Unix seconds.")] string? end_timestamp = null)
    {
        _limiter.Acquire("git_log", _settings.CallsPerMinutePerOperation);
        var count = Bound(max_count, _settings.MaxLogCount, "max_count");
        var start = ParseTime(start_timestamp, "start_timestamp");
        var end = ParseTime(end_timestamp, "end_timestamp");
        using var repo = _access.Open(repo_path);
        if (repo.Head.Tip is null)
        {
            return "No commits yet.";
        }

        var commits = repo.Commits.QueryBy(new CommitFilter { SortBy = CommitSortStrategies.Time })
            .Where(c => (start is null || c.Committer.When >= start) && (end is null || c.Committer.When <= end))
            .Take(count);
        var sb = new StringBuilder("Commit history:\n");
        foreach (var c in commits)
        {
            AppendCommit(sb, c);
        }

        return sb.ToString();
    }

    [McpServerTool(Name = "git_show", Title = "Git Show", ReadOnly = true, OpenWorld = false)]
    [Description("Shows the contents of a commit: metadata and its diff against its first parent.")]
    public string GitShow(
        [Description("Path of the repository.")] string repo_path,
        [Description("A commit id, branch, tag or other revision that resolves to a commit.")] string revision)
    {
        _limiter.Acquire("git_show", _settings.CallsPerMinutePerOperation);
        using var repo = _access.Open(repo_path);
        var commit = GitRepositoryAccess.ResolveCommit(repo, revision, "revision");
        var sb = new StringBuilder();
        AppendCommit(sb, commit);
        var patch = repo.Diff.Compare<Patch>(commit.Parents.FirstOrDefault()?.Tree, commit.Tree, new CompareOptions { ContextLines = 3 });
        AppendPatch(sb, patch);
        return sb.ToString();
    }

    [McpServerTool(Name = "git_branch", Title = "Git Branch", ReadOnly = true, OpenWorld = false)]
    [Description("List branches: 'local', 'remote' or 'all', optionally only those that contain (or do not contain) a commit.")]
    public string GitBranch(
        [Description("Path of the repository.")] string repo_path,
        [Description("Which branches to list: 'local', 'remote' or 'all'.")] string branch_type,
        [Description("Only branches that contain this commit.")] string? contains = null,
        [Description("Only branches that do not contain this commit.")] string? not_contains = null)
    {
        _limiter.Acquire("git_branch", _settings.CallsPerMinutePerOperation);
        if (branch_type is not ("local" or "remote" or "all"))
        {
            throw ToolRefusal.Because($"branch_type must be 'local', 'remote' or 'all', not '{branch_type}'.");
        }

        using var repo = _access.Open(repo_path);
        var must = contains is null ? null : GitRepositoryAccess.ResolveCommit(repo, contains, "contains");
        var mustNot = not_contains is null ? null : GitRepositoryAccess.ResolveCommit(repo, not_contains, "not_contains");
        var lines = repo.Branches
            .Where(b => branch_type == "all" || (branch_type == "remote") == b.IsRemote)
            .Where(b => b.Tip is not null)
            .Where(b => must is null || Contains(repo, b.Tip, must))
            .Where(b => mustNot is null || !Contains(repo, b.Tip, mustNot))
            .Select(b => $"{(b.IsCurrentRepositoryHead ? "* " : "  ")}{b.FriendlyName}");
        return string.Join('\n', lines);
    }

    private static bool Contains(Repository repo, Commit tip, Commit commit) =>
        tip.Sha == commit.Sha || repo.ObjectDatabase.FindMergeBase(tip, commit)?.Sha == commit.Sha;

    private static int Bound(int value, int max, string name) =>
        value is >= 1 ? Math.Min(value, max) : throw ToolRefusal.Because($"{name} must be at least 1.");

    private static DateTimeOffset? ParseTime(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        GitRepositoryAccess.RequireArgument(value, name);
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : throw ToolRefusal.Because($"{name} '{value}' is not an ISO 8601 date/time or Unix timestamp.");
    }

    private static void AppendCommit(StringBuilder sb, Commit c) =>
        sb.Append("Commit: ").Append(c.Sha).Append('\n')
          .Append("Author: ").Append(c.Author.Name).Append(" <").Append(c.Author.Email).Append(">\n")
          .Append("Date: ").Append(c.Author.When.ToString("O", CultureInfo.InvariantCulture)).Append('\n')
          .Append("Message: ").Append(c.Message.TrimEnd()).Append("\n\n");
}
