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
    [McpServerTool(Name = "git_diff_unstaged", Title = "Git Diff Unstaged", ReadOnly = true, OpenWorld = false)]
    [Description("Shows changes in the working directory that are not yet staged.")]
    public string GitDiffUnstaged(
        [Description("Path of the repository.")] string repo_path,
        [Description("Number of context lines to show.")] int context_lines = 3)
    {
        _limiter.Acquire("git_diff", _settings.CallsPerMinutePerOperation);
        using var repo = _access.Open(repo_path);
        var patch = repo.Diff.Compare<Patch>(null, false, null, Options(context_lines));
        return Render("Unstaged changes:\n", patch);
    }

    [McpServerTool(Name = "git_diff_staged", Title = "Git Diff Staged", ReadOnly = true, OpenWorld = false)]
    [Description("Shows changes that are staged for commit.")]
    public string GitDiffStaged(
        [Description("Path of the repository.")] string repo_path,
        [Description("Number of context lines to show.")] int context_lines = 3)
    {
        _limiter.Acquire("git_diff", _settings.CallsPerMinutePerOperation);
        using var repo = _access.Open(repo_path);
        var patch = repo.Diff.Compare<Patch>(repo.Head.Tip?.Tree, DiffTargets.Index, null, null, Options(context_lines));
        return Render("Staged changes:\n", patch);
    }

    [McpServerTool(Name = "git_diff", Title = "Git Diff", ReadOnly = true, OpenWorld = false)]
    [Description("Shows differences between the working tree (with staged changes) and a target branch or commit.")]
    public string GitDiff(
        [Description("Path of the repository.")] string repo_path,
        [Description("Branch, tag or commit to compare with.")] string target,
        [Description("Number of context lines to show.")] int context_lines = 3)
    {
        _limiter.Acquire("git_diff", _settings.CallsPerMinutePerOperation);
        using var repo = _access.Open(repo_path);
        var commit = GitRepositoryAccess.ResolveCommit(repo, target, "target");
        var patch = repo.Diff.Compare<Patch>(commit.Tree, DiffTargets.Index | DiffTargets.WorkingDirectory, null, null, Options(context_lines));
        return Render(string.Create(CultureInfo.InvariantCulture, $"Diff with {target}:\n"), patch);
    }

    private static CompareOptions Options(int contextLines) =>
        contextLines is < 0 or > 1000
            ? throw ToolRefusal.Because("context_lines must be between 0 and 1000.")
            : new CompareOptions { ContextLines = contextLines };

    private string Render(string header, Patch patch)
    {
        var sb = new StringBuilder(header);
        AppendPatch(sb, patch);
        return sb.ToString();
    }

    private void AppendPatch(StringBuilder sb, Patch patch)
    {
        var shown = 0;
        foreach (var change in patch)
        {
            if (++shown > _settings.MaxDiffFiles)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\n(diff truncated: {patch.Count()} files changed, only the first {_settings.MaxDiffFiles} are shown)\n");
                break;
            }

            sb.Append(change.Patch);
        }
    }
}
