namespace Orchestrator.McpServers.Tests;

public sealed class GitServerTests : IDisposable
{
    private readonly GitFixture _fx = new();

    [Fact]
    public async Task Read_only_tools_report_history_diffs_branches_blame_and_search()
    {
        await using var host = await McpTestHost.StartAsync(_fx.Settings());
        var repo = _fx.RepoPath;
        Assert.Contains("staged.txt", (await host.CallAsync("git_status", new { repo_path = repo })).Text(), StringComparison.Ordinal);
        var log = (await host.CallAsync("git_log", new { repo_path = repo, max_count = 2 })).Text();
        Assert.Equal(2, log.Split("Commit: ").Length - 1);
        var dated = (await host.CallAsync("git_log", new { repo_path = repo, max_count = 100, start_timestamp = "2024-01-03T00:00:00Z", end_timestamp = "2024-01-04T12:00:00Z" })).Text();
        Assert.Equal(2, dated.Split("Commit: ").Length - 1);
        Assert.Contains("+unstaged line", (await host.CallAsync("git_diff_unstaged", new { repo_path = repo })).Text(), StringComparison.Ordinal);
        Assert.Contains("+staged content", (await host.CallAsync("git_diff_staged", new { repo_path = repo, context_lines = 1 })).Text(), StringComparison.Ordinal);
        Assert.Contains("+line 5", (await host.CallAsync("git_diff", new { repo_path = repo, target = _fx.FirstCommit })).Text(), StringComparison.Ordinal);
        Assert.Contains("Commit number 1", (await host.CallAsync("git_show", new { repo_path = repo, revision = _fx.FirstCommit })).Text(), StringComparison.Ordinal);
        var branches = (await host.CallAsync("git_branch", new { repo_path = repo, branch_type = "local", contains = _fx.FirstCommit })).Text();
        Assert.Contains("feature", branches, StringComparison.Ordinal);
        Assert.Contains("Ada", (await host.CallAsync("git_blame", new { repo_path = repo, file_path = "readme.md" })).Text(), StringComparison.Ordinal);
        var search = (await host.CallAsync("git_search", new { repo_path = repo, query = "needle" })).Text();
        Assert.Contains("Add the needle feature", search, StringComparison.Ordinal);
        var content = (await host.CallAsync("git_search", new { repo_path = repo, query = "line 4", search_content = true })).Text();
        Assert.Contains("Match in content", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_tool_can_write_commit_checkout_init_add_or_push()
    {
        await using var host = await McpTestHost.StartAsync(_fx.Settings());
        var tools = (await host.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken)).Select(t => t.Name).ToList();
        Assert.Equal(["git_blame", "git_branch", "git_diff", "git_diff_staged", "git_diff_unstaged", "git_log", "git_search", "git_show", "git_status"], tools.Order(StringComparer.Ordinal));
        foreach (var write in new[] { "git_init", "git_commit", "git_add", "git_checkout", "git_create_branch", "git_reset", "git_push" })
        {
            await Assert.ThrowsAnyAsync<ModelContextProtocol.McpException>(() => host.CallAsync(write, new { repo_path = _fx.RepoPath, message = "x", files = new[] { "." }, branch_name = "x" }));
        }

        Assert.False(Directory.Exists(Path.Combine(_fx.OtherRepo, "x")));
        Assert.Contains("git_init", File.ReadAllText(_fx.AuditPath), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> Attacks() => new()
    {
        { "git_status", "repo_path", "{other}" },
        { "git_status", "repo_path", "{repo}-other" },
        { "git_status", "repo_path", "{repo}/escape" },
        { "git_status", "repo_path", "{repo}/../repo-other" },
        { "git_status", "repo_path", "/" },
        { "git_status", "repo_path", "--git-dir=/tmp" },
        { "git_show", "revision", "--output=/tmp/pwned" },
        { "git_show", "revision", "-p" },
        { "git_show", "revision", "does-not-exist" },
        { "git_show", "revision", "HEAD\n--output=/tmp/x" },
        { "git_diff", "target", "--output=/tmp/pwned" },
        { "git_diff", "target", "nonexistent-branch" },
        { "git_branch", "contains", "--delete" },
        { "git_branch", "branch_type", "--all" },
        { "git_blame", "file_path", "../repo-other/x" },
        { "git_blame", "file_path", "/etc/passwd" },
        { "git_blame", "file_path", "-L1,2" },
        { "git_log", "start_timestamp", "--since=yesterday" },
        { "git_log", "max_count", "-1" },
        { "git_search", "query", "--all" },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Escapes_and_option_injection_are_refused(string tool, string argument, string value)
    {
        await using var host = await McpTestHost.StartAsync(_fx.Settings());
        var args = new Dictionary<string, object?>
        {
            ["repo_path"] = _fx.RepoPath, ["revision"] = "HEAD", ["target"] = "HEAD", ["branch_type"] = "local",
            ["file_path"] = "readme.md", ["query"] = "x",
        };
        args[argument] = argument == "max_count" ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : value.Replace("{repo}", _fx.RepoPath, StringComparison.Ordinal).Replace("{other}", _fx.OtherRepo, StringComparison.Ordinal);
        var result = await host.CallAsync(tool, args);
        Assert.True(result.IsError, $"{tool} accepted {argument}={value}: {result.Text()}");
        Assert.False(File.Exists("/tmp/pwned"));
        Assert.Contains("\"refused\"", File.ReadAllText(_fx.AuditPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_repositories_and_logs_are_limited()
    {
        await using (var tiny = await McpTestHost.StartAsync(_fx.Settings(s => s.MaxRepositoryBytes = 10)))
        {
            var refused = await tiny.CallAsync("git_status", new { repo_path = _fx.RepoPath });
            Assert.True(refused.IsError);
            Assert.Contains("limit", refused.Text(), StringComparison.Ordinal);
        }

        await using var host = await McpTestHost.StartAsync(_fx.Settings(s => { s.MaxLogCount = 3; s.CallsPerMinutePerOperation = 2; }));
        Assert.Equal(3, (await host.CallAsync("git_log", new { repo_path = _fx.RepoPath, max_count = 1000 })).Text().Split("Commit: ").Length - 1);
        Assert.True((await host.CallAsync("git_log", new { repo_path = _fx.RepoPath })).Ok());
        Assert.Contains("Rate limit", (await host.CallAsync("git_log", new { repo_path = _fx.RepoPath })).Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diffs_show_at_most_the_configured_number_of_files()
    {
        for (var i = 0; i < 3; i++)
        {
            File.WriteAllText(Path.Combine(_fx.RepoPath, $"extra{i}.txt"), "x");
        }

        using (var repo = new LibGit2Sharp.Repository(_fx.RepoPath))
        {
            LibGit2Sharp.Commands.Stage(repo, "extra*");
        }

        await using var host = await McpTestHost.StartAsync(_fx.Settings(s => s.MaxDiffFiles = 2));
        var diff = (await host.CallAsync("git_diff_staged", new { repo_path = _fx.RepoPath })).Text();
        Assert.Contains("diff truncated: 4 files changed, only the first 2 are shown", diff, StringComparison.Ordinal);
        Assert.Equal(2, diff.Split("diff --git").Length - 1);
    }

    public void Dispose() => _fx.Dispose();
}
