namespace Orchestrator.McpServers.Tests;

public sealed class FilesystemToolTests : IDisposable
{
    private readonly FilesystemFixture _fx = new();

    [Fact]
    public async Task Files_are_written_read_edited_moved_and_described_inside_the_root()
    {
        await using var host = await McpTestHost.StartAsync(_fx.Settings());

        Assert.True((await host.CallAsync("create_directory", new { path = "docs/notes" })).Ok());
        Assert.True((await host.CallAsync("write_file", new { path = "docs/notes/a.md", content = "line1\nline2\nline3" })).Ok());
        Assert.Equal("line1\nline2\nline3", File.ReadAllText(Path.Combine(_fx.Root, "docs/notes/a.md")));
        Assert.Equal("line1", (await host.CallAsync("read_text_file", new { path = "docs/notes/a.md", head = 1 })).Text());
        Assert.Equal("line2\nline3", (await host.CallAsync("read_text_file", new { path = "docs/notes/a.md", tail = 2 })).Text());

        var dry = await host.CallAsync("edit_file", new { path = "docs/notes/a.md", edits = new[] { new { oldText = "line2", newText = "LINE-TWO" } }, dryRun = true });
        Assert.Contains("+LINE-TWO", dry.Text(), StringComparison.Ordinal);
        Assert.Contains("-line2", dry.Text(), StringComparison.Ordinal);
        Assert.Equal("line1\nline2\nline3", File.ReadAllText(Path.Combine(_fx.Root, "docs/notes/a.md")));
        Assert.True((await host.CallAsync("edit_file", new { path = "docs/notes/a.md", edits = new[] { new { oldText = "line2", newText = "LINE-TWO" } } })).Ok());
        Assert.Equal("line1\nLINE-TWO\nline3", File.ReadAllText(Path.Combine(_fx.Root, "docs/notes/a.md")));

        Assert.True((await host.CallAsync("move_file", new { source = "docs/notes/a.md", destination = "docs/b.md" })).Ok());
        Assert.True(File.Exists(Path.Combine(_fx.Root, "docs/b.md")));
        Assert.True((await host.CallAsync("move_file", new { source = "docs/b.md", destination = "hello.txt" })).IsError);
        Assert.Equal("hello\nworld\nthree", File.ReadAllText(Path.Combine(_fx.Root, "hello.txt")));

        var info = (await host.CallAsync("get_file_info", new { path = "docs" })).Text();
        Assert.Contains("isDirectory: true", info, StringComparison.Ordinal);
        var listing = (await host.CallAsync("list_directory", new { path = "docs" })).Text();
        Assert.Equal("[DIR] notes\n[FILE] b.md", string.Join('\n', listing.Split('\n').Order(StringComparer.Ordinal)));
        var sizes = (await host.CallAsync("list_directory_with_sizes", new { path = ".", sortBy = "size" })).Text();
        Assert.Contains("Total:", sizes, StringComparison.Ordinal);
        var multi = (await host.CallAsync("read_multiple_files", new { paths = new[] { "hello.txt", "missing.txt" } })).Text();
        Assert.Contains("hello.txt:\nhello", multi, StringComparison.Ordinal);
        Assert.Contains("missing.txt: Error - 'missing.txt' does not exist.", multi, StringComparison.Ordinal);
        Assert.Contains(_fx.Root, (await host.CallAsync("list_allowed_directories")).Text(), StringComparison.Ordinal);
        Assert.Contains("\"outcome\":\"ok\"", _fx.Audit(), StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Overwrite_is_atomic_and_keeps_permissions_while_new_files_never_replace_existing_ones()
    {
        var target = Path.Combine(_fx.Root, "perm.txt");
        File.WriteAllText(target, "old");
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using var host = await McpTestHost.StartAsync(_fx.Settings());
        Assert.True((await host.CallAsync("write_file", new { path = "perm.txt", content = "new" })).Ok());
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
        Assert.DoesNotContain(Directory.EnumerateFiles(_fx.Root), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_and_tree_honour_exclude_patterns()
    {
        await using var host = await McpTestHost.StartAsync(_fx.Settings());
        var all = (await host.CallAsync("search_files", new { path = ".", pattern = "*.txt" })).Text();
        Assert.Contains("inner.txt", all, StringComparison.Ordinal);
        var excluded = (await host.CallAsync("search_files", new { path = ".", pattern = "*.txt", excludePatterns = new[] { "sub" } })).Text();
        Assert.DoesNotContain("inner.txt", excluded, StringComparison.Ordinal);
        var tree = (await host.CallAsync("directory_tree", new { path = "sub", excludePatterns = new[] { "*.json" } })).Text();
        Assert.Contains("inner.txt", tree, StringComparison.Ordinal);
        Assert.DoesNotContain("credentials.json", tree, StringComparison.Ordinal);
    }

    public void Dispose() => _fx.Dispose();
}
