using System.Diagnostics;
using System.Text.Json;

namespace Orchestrator.McpServers.Tests;

/// <summary>Every attack class from the reference server's CVEs plus variants; each must be refused and audited.</summary>
public sealed class FilesystemAttackTests : IDisposable
{
    private readonly FilesystemFixture _fx = new();

    public static TheoryData<string> EscapingPaths() =>
    [
        "../outside/data.txt",
        "../../../../../../etc/passwd",
        "sub/../../outside/data.txt",
        "sub/../../root-evil/data.txt",
        "./sub/./../../outside/data.txt",
        "{T}/outside/data.txt",
        "{T}/root-evil/data.txt",
        "{T}/root/../outside/data.txt",
        "{T}/root/sub/../../root-evil/data.txt",
        "/etc/passwd",
        "/proc/self/environ",
        "link-dir/data.txt",
        "link-file",
        "chain1",
        "rel-escape/data.txt",
        "sibling-link/data.txt",
        "{T}/root/link-dir/data.txt",
        ".env",
        "innocent.txt",
        ".ssh/id_rsa",
        "sub/credentials.json",
        "config/api.secret",
        "hello.txt\0.png",
        "~/.bashrc",
        "hardlink.txt",
        "..\\outside\\data.txt",
    ];

    [Theory]
    [MemberData(nameof(EscapingPaths))]
    public async Task Read_outside_the_roots_or_of_a_secret_is_refused_and_audited(string attack)
    {
        var path = attack.Replace("{T}", _fx.Temp, StringComparison.Ordinal);
        await using var host = await McpTestHost.StartAsync(_fx.Settings());

        foreach (var tool in new[] { "read_text_file", "read_file", "read_media_file", "get_file_info" })
        {
            var result = await host.CallAsync(tool, new { path });
            Assert.True(result.IsError, $"{tool} accepted '{attack}'");
            var text = result.Text();
            Assert.DoesNotContain(FilesystemFixture.OutsideSecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(FilesystemFixture.SiblingSecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("SECRET", text.Replace("secret", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }

        var multi = await host.CallAsync("read_multiple_files", new { paths = new[] { path, "hello.txt" } });
        Assert.DoesNotContain(FilesystemFixture.OutsideSecret, multi.Text(), StringComparison.Ordinal);
        Assert.Contains("hello", multi.Text(), StringComparison.Ordinal);
        Assert.Contains("\"outcome\":\"refused\"", _fx.Audit(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EscapingPaths))]
    public async Task Write_edit_create_and_move_outside_the_roots_are_refused_and_leave_outside_untouched(string attack)
    {
        var path = attack.Replace("{T}", _fx.Temp, StringComparison.Ordinal);
        var before = _fx.OutsideFiles().ToDictionary(f => f, File.ReadAllText);
        await using var host = await McpTestHost.StartAsync(_fx.Settings());

        Assert.True((await host.CallAsync("write_file", new { path, content = "PWNED" })).IsError, $"write_file accepted '{attack}'");
        Assert.True((await host.CallAsync("edit_file", new { path, edits = new[] { new { oldText = "SECRET", newText = "PWNED" } } })).IsError);
        Assert.True((await host.CallAsync("move_file", new { source = "hello.txt", destination = path })).IsError);
        Assert.True((await host.CallAsync("move_file", new { source = path, destination = "stolen.txt" })).IsError);

        Assert.Equal(before.Keys.Order(), _fx.OutsideFiles().Order());
        Assert.All(before, kv => Assert.Equal(kv.Value, File.ReadAllText(kv.Key)));
        Assert.False(File.Exists(Path.Combine(_fx.Outside, "new.txt")));
        Assert.False(File.Exists(Path.Combine(_fx.Root, "stolen.txt")));
        Assert.True(File.Exists(Path.Combine(_fx.Root, "hello.txt")));
    }

    [Theory]
    [InlineData("..%2f..%2foutside%2fdata.txt")]
    [InlineData("%2e%2e%2foutside%2fdata.txt")]
    [InlineData("..%c0%afoutside%c0%afdata.txt")]
    [InlineData("\u2024\u2024/outside/data.txt")]
    public async Task Encoded_traversal_is_never_decoded_and_stays_a_literal_name_inside_the_root(string attack)
    {
        await using var host = await McpTestHost.StartAsync(_fx.Settings());
        var write = await host.CallAsync("write_file", new { path = attack, content = "mine" });
        Assert.Equal("OUTSIDE-SECRET-7f3a", File.ReadAllText(Path.Combine(_fx.Outside, "data.txt")));
        if (write.Ok())
        {
            Assert.Equal("mine", File.ReadAllText(Path.Combine(_fx.Root, attack)));
        }

        Assert.DoesNotContain(FilesystemFixture.OutsideSecret, (await host.CallAsync("read_text_file", new { path = attack })).Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dangling")]
    [InlineData("link-dir/new.txt")]
    [InlineData("rel-escape/new.txt")]
    [InlineData("link-dir/deeper/dir")]
    public async Task New_files_and_directories_through_links_are_not_created_outside(string path)
    {
        await using var host = await McpTestHost.StartAsync(_fx.Settings());
        Assert.True((await host.CallAsync("write_file", new { path, content = "x" })).IsError);
        Assert.True((await host.CallAsync("create_directory", new { path })).IsError);
        Assert.Equal(["data.txt"], Directory.EnumerateFileSystemEntries(_fx.Outside).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Listing_trees_and_searches_do_not_follow_links_out_of_the_roots()
    {
        await using var host = await McpTestHost.StartAsync(_fx.Settings());
        Assert.True((await host.CallAsync("list_directory", new { path = "link-dir" })).IsError);
        Assert.True((await host.CallAsync("directory_tree", new { path = "rel-escape" })).IsError);
        Assert.True((await host.CallAsync("search_files", new { path = "link-dir", pattern = "secret" })).IsError);
        var tree = (await host.CallAsync("directory_tree", new { path = "." })).Text();
        var search = (await host.CallAsync("search_files", new { path = ".", pattern = "**/*.txt" })).Text();
        Assert.DoesNotContain(_fx.Outside, search, StringComparison.Ordinal);
        Assert.Contains("inner.txt", search, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(tree);
        var linkDir = json.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "link-dir");
        Assert.False(linkDir.TryGetProperty("children", out _));
    }

    [Fact]
    public async Task A_symlinked_root_is_served_but_links_out_of_it_are_not()
    {
        var linkedRoot = Path.Combine(_fx.Temp, "root-link");
        File.CreateSymbolicLink(linkedRoot, _fx.Root);
        var settings = _fx.Settings();
        settings.Filesystem.Roots = [linkedRoot];
        await using var host = await McpTestHost.StartAsync(settings);
        Assert.Equal("hello\nworld\nthree", (await host.CallAsync("read_text_file", new { path = Path.Combine(linkedRoot, "hello.txt") })).Text());
        Assert.True((await host.CallAsync("read_text_file", new { path = Path.Combine(linkedRoot, "link-file") })).IsError);
        Assert.True((await host.CallAsync("read_text_file", new { path = linkedRoot + "-x/data.txt" })).IsError);
    }

    [Fact]
    public async Task A_link_swapped_in_during_reads_never_leaks_the_outside_file()
    {
        var swap = Path.Combine(_fx.Root, "swap.txt");
        File.WriteAllText(swap, "inside");
        await using var host = await McpTestHost.StartAsync(_fx.Settings(s => s.ReadsPerMinute = 0));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var swapper = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                File.Delete(swap);
                File.CreateSymbolicLink(swap, Path.Combine(_fx.Outside, "data.txt"));
                Thread.Sleep(1);
                File.Delete(swap);
                File.WriteAllText(swap, "inside");
                Thread.Sleep(1);
            }
        }, TestContext.Current.CancellationToken);
        var served = 0;
        for (var i = 0; i < 300 && !stop.IsCancellationRequested; i++)
        {
            var result = await host.CallAsync("read_text_file", new { path = "swap.txt" });
            Assert.DoesNotContain(FilesystemFixture.OutsideSecret, result.Text(), StringComparison.Ordinal);
            served += result.IsError == true ? 0 : 1;
        }

        await stop.CancelAsync();
        await swapper;
        Assert.True(served > 0, "no read succeeded at all; the race test proved nothing");
    }

    [Theory]
    [InlineData("write_file")]
    [InlineData("create_directory")]
    [InlineData("move_file")]
    public async Task A_parent_directory_swapped_for_a_link_during_writes_never_writes_outside(string tool)
    {
        var parent = Path.Combine(_fx.Root, "race");
        var link = Path.Combine(_fx.Root, "race-link");
        Directory.CreateDirectory(parent);
        File.CreateSymbolicLink(link, _fx.Outside);
        await using var host = await McpTestHost.StartAsync(_fx.Settings(s => s.WritesPerMinute = 0));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var swapper = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                AtomicSwap.Exchange(parent, link);
                Thread.Sleep(1);
                AtomicSwap.Exchange(parent, link);
                Thread.Sleep(1);
            }
        }, TestContext.Current.CancellationToken);
        var written = 0;
        for (var i = 0; i < 300 && !stop.IsCancellationRequested; i++)
        {
            File.WriteAllText(Path.Combine(_fx.Root, $"src{i}.txt"), "PWNED");
            var result = tool switch
            {
                "write_file" => await host.CallAsync(tool, new { path = $"race/f{i}.txt", content = "PWNED" }),
                "create_directory" => await host.CallAsync(tool, new { path = $"race/d{i}/e" }),
                _ => await host.CallAsync(tool, new { source = $"src{i}.txt", destination = $"race/m{i}.txt" }),
            };
            written += result.Ok() ? 1 : 0;
        }

        await stop.CancelAsync();
        await swapper;
        Assert.Equal(["data.txt"], Directory.EnumerateFileSystemEntries(_fx.Outside).Select(Path.GetFileName));
        Assert.True(written > 0, "no write succeeded at all; the race test proved nothing");
        var entries = Directory.EnumerateFileSystemEntries(parent).Count();

        // A refused create_directory may keep the levels it made before the swap (inside the root, never outside).
        Assert.True(tool == "create_directory" ? entries >= written : entries == written, $"{entries} entries for {written} successful calls");
    }

    [Fact]
    public async Task Fifos_and_devices_are_refused_without_blocking()
    {
        var fifo = Path.Combine(_fx.Root, "pipe");
        using (var mk = Process.Start(new ProcessStartInfo("mkfifo", fifo) { UseShellExecute = false }))
        {
            await mk!.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        await using var host = await McpTestHost.StartAsync(_fx.Settings());
        var read = host.CallAsync("read_text_file", new { path = "pipe" });
        var finished = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Same(read, finished);
        Assert.True((await read).IsError);
        Assert.True((await host.CallAsync("write_file", new { path = "pipe", content = "x" })).IsError);
    }

    [Fact]
    public async Task Oversize_files_and_content_are_refused()
    {
        File.WriteAllText(Path.Combine(_fx.Root, "big.txt"), new string('a', 2048));
        await using var host = await McpTestHost.StartAsync(_fx.Settings(s => s.MaxFileBytes = 1024));
        var read = await host.CallAsync("read_text_file", new { path = "big.txt" });
        Assert.True(read.IsError);
        Assert.Contains("limit", read.Text(), StringComparison.Ordinal);
        Assert.True((await host.CallAsync("write_file", new { path = "new-big.txt", content = new string('b', 4096) })).IsError);
        File.WriteAllText(Path.Combine(_fx.Root, "half.txt"), new string('h', 600));
        var many = (await host.CallAsync("read_multiple_files", new { paths = new[] { "half.txt", "half.txt", "half.txt" } })).Text();
        Assert.Equal(2, many.Split(new string('h', 600)).Length - 1);
        Assert.Contains("already total over", many, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_fx.Root, "new-big.txt")));
    }

    [Fact]
    public async Task Unknown_tools_bad_argument_types_and_missing_arguments_are_refused_and_audited()
    {
        await using var host = await McpTestHost.StartAsync(_fx.Settings());
        await AssertRefusedAsync(() => host.CallAsync("delete_everything", new { path = "/" }));
        await AssertRefusedAsync(() => host.CallAsync("read_text_file", new { path = 42 }));
        await AssertRefusedAsync(() => host.CallAsync("read_text_file", new { path = new[] { "a" } }));
        await AssertRefusedAsync(() => host.CallAsync("read_text_file", new { }));
        await AssertRefusedAsync(() => host.CallAsync("read_text_file", new { path = "hello.txt", head = "ten" }));
        await AssertRefusedAsync(() => host.CallAsync("read_text_file", new { path = new string('a', 5000) }));
        var audit = _fx.Audit();
        Assert.Contains("delete_everything", audit, StringComparison.Ordinal);
        Assert.True(audit.Split('\n').Count(l => l.Contains("\"refused\"", StringComparison.Ordinal)) >= 6, audit);
    }

    [Fact]
    public async Task Read_and_write_rate_limits_apply()
    {
        await using var host = await McpTestHost.StartAsync(_fx.Settings(s => { s.ReadsPerMinute = 3; s.WritesPerMinute = 2; }));
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await host.CallAsync("read_text_file", new { path = "hello.txt" })).Ok());
        }

        var limited = await host.CallAsync("read_text_file", new { path = "hello.txt" });
        Assert.True(limited.IsError);
        Assert.Contains("Rate limit", limited.Text(), StringComparison.Ordinal);
        Assert.True((await host.CallAsync("write_file", new { path = "a.txt", content = "1" })).Ok());
        Assert.True((await host.CallAsync("write_file", new { path = "b.txt", content = "2" })).Ok());
        Assert.True((await host.CallAsync("write_file", new { path = "c.txt", content = "3" })).IsError);
    }

    [Fact]
    public async Task An_audit_log_inside_a_root_is_refused_at_start_so_clients_cannot_rewrite_it()
    {
        var settings = _fx.Settings();
        settings.AuditLog = Path.Combine(_fx.Root, "logs", "audit.jsonl");
        await Assert.ThrowsAsync<ArgumentException>(() => McpTestHost.StartAsync(settings));
    }

    public void Dispose() => _fx.Dispose();

    private static async Task AssertRefusedAsync(Func<Task<ModelContextProtocol.Protocol.CallToolResult>> call)
    {
        try
        {
            var result = await call();
            Assert.True(result.IsError, $"the call was accepted: {result.Text()}");
            Assert.False(string.IsNullOrWhiteSpace(result.Text()));
        }
        catch (ModelContextProtocol.McpException ex)
        {
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        }
    }
}
