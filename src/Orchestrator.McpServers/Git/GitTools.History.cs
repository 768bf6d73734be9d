using System.ComponentModel;
using System.Globalization;
using CompareOptions = LibGit2Sharp.CompareOptions;
using System.Text;
using LibGit2Sharp;
using ModelContextProtocol.Server;
using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Git;

internal sealed partial class GitTools
{
    [McpServerTool(Name = "git_blame", Title = "Git Blame", ReadOnly = true, OpenWorld = false)]
    [Description("Shows which commit last changed each line of a file.")]
    public string GitBlame(
        [Description("Path of the repository.")] string repo_path,
        [Description("Path of the file, relative to the repository root.")] string file_path,
        [Description("Revision to blame at (default HEAD).")] string? revision = null)
    {
        _limiter.Acquire("git_blame", _settings.CallsPerMinutePerOperation);
        GitRepositoryAccess.RequireArgument(file_path, "file_path");
        if (Path.IsPathRooted(file_path) || file_path.Split('/', '\\').Contains(".."))
        {
            throw ToolRefusal.Because($"file_path '{file_path}' must be relative to the repository root and must not contain '..'.");
        }

        using var repo = _access.Open(repo_path);
        var commit = GitRepositoryAccess.ResolveCommit(repo, revision ?? "HEAD", "revision");
        if (commit[file_path]?.Target is not Blob blob)
        {
            throw ToolRefusal.Because($"file_path '{file_path}' is not a file in revision '{revision ?? "HEAD"}'.");
        }

        var lines = blob.GetContentText().Split('\n');
        var sb = new StringBuilder();
        foreach (var hunk in repo.Blame(file_path, new BlameOptions { StartingAt = commit }))
        {
            for (var i = 0; i < hunk.LineCount; i++)
            {
                var line = hunk.FinalStartLineNumber + i;
                sb.Append(CultureInfo.InvariantCulture, $"{hunk.FinalCommit.Sha[..8]} ({hunk.FinalSignature.Name} {hunk.FinalSignature.When:yyyy-MM-dd} {line + 1}) ")
                  .Append(line < lines.Length ? lines[line] : string.Empty).Append('\n');
            }
        }

        return sb.ToString();
    }

    [McpServerTool(Name = "git_search", Title = "Git Search", ReadOnly = true, OpenWorld = false)]
    [Description("Searches commit messages, and optionally the lines each commit added or removed, for a text (case-insensitive).")]
    public string GitSearch(
        [Description("Path of the repository.")] string repo_path,
        [Description("Text to look for.")] string query,
        [Description("Maximum number of commits to return (at most 1000).")] int max_count = 50,
        [Description("Also search the content each commit changed.")] bool search_content = false)
    {
        _limiter.Acquire("git_search", _settings.CallsPerMinutePerOperation);
        GitRepositoryAccess.RequireArgument(query, "query");
        var count = Bound(max_count, _settings.MaxLogCount, "max_count");
        using var repo = _access.Open(repo_path);
        if (repo.Head.Tip is null)
        {
            return "No commits yet.";
        }

        var sb = new StringBuilder();
        var found = 0;
        foreach (var commit in repo.Commits.QueryBy(new CommitFilter { SortBy = CommitSortStrategies.Time }).Take(_settings.MaxSearchCommits))
        {
            var where = commit.Message.Contains(query, StringComparison.OrdinalIgnoreCase) ? "message"
                : search_content && ChangedLinesContain(repo, commit, query) ? "content" : null;
            if (where is null)
            {
                continue;
            }

            sb.Append("Match in ").Append(where).Append(":\n");
            AppendCommit(sb, commit);
            if (++found >= count)
            {
                break;
            }
        }

        return found == 0 ? $"No commits match '{query}'." : sb.ToString();
    }

    private static bool ChangedLinesContain(Repository repo, Commit commit, string query)
    {
        var patch = repo.Diff.Compare<Patch>(commit.Parents.FirstOrDefault()?.Tree, commit.Tree, new CompareOptions { ContextLines = 0 });
        return patch.Any(p => p.AddedLines.Concat(p.DeletedLines).Any(l => l.Content.Contains(query, StringComparison.OrdinalIgnoreCase)));
    }
}
