using LibGit2Sharp;
using Orchestrator.McpServers.Hosting;

namespace Orchestrator.McpServers.Tests;

/// <summary>A small repository with history, a branch, staged and unstaged changes, plus a second repository outside.</summary>
internal sealed class GitFixture : IDisposable
{
    private readonly TempDirectory _temp = new();

    public GitFixture()
    {
        RepoPath = _temp.Combine("repo");
        Repository.Init(RepoPath);
        using var repo = new Repository(RepoPath);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= 5; i++)
        {
            File.WriteAllText(Path.Combine(RepoPath, "readme.md"), string.Join('\n', Enumerable.Range(1, i).Select(n => $"line {n}")));
            Commands.Stage(repo, "readme.md");
            var who = new Signature("Ada", "ada@example.com", start.AddDays(i));
            repo.Commit(i == 3 ? "Add the needle feature" : $"Commit number {i}", who, who);
        }

        FirstCommit = repo.Commits.Last().Sha;
        repo.CreateBranch("feature");
        File.WriteAllText(Path.Combine(RepoPath, "staged.txt"), "staged content");
        Commands.Stage(repo, "staged.txt");
        File.AppendAllText(Path.Combine(RepoPath, "readme.md"), "\nunstaged line");
        OtherRepo = _temp.Combine("repo-other");
        Repository.Init(OtherRepo);
        File.CreateSymbolicLink(Path.Combine(RepoPath, "escape"), OtherRepo);
    }

    public string RepoPath { get; }

    public string OtherRepo { get; }

    public string FirstCommit { get; }

    public string AuditPath => _temp.Combine("audit.jsonl");

    public ServerSettings Settings(Action<Git.GitSettings>? configure = null)
    {
        var settings = new ServerSettings { Server = "git", AuditLog = AuditPath };
        settings.Git.Repository = RepoPath;
        configure?.Invoke(settings.Git);
        return settings;
    }

    public void Dispose() => _temp.Dispose();
}
