using System.Text.Json;
using Orchestrator.McpServers.Filesystem;
using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Tests;

/// <summary>
/// Listing tools walk through verified directory handles: a sub-directory swapped for a link to an outside directory
/// while a tree, search, listing or description runs must never reveal the outside directory's names or facts.
/// </summary>
public sealed class FilesystemWalkTests : IDisposable
{
    private const int OutsideProbeBytes = 7777;
    private readonly FilesystemFixture _fx = new();
    private readonly string _canary = $"CANARY-{Guid.NewGuid():N}";
    private readonly string _inner;
    private readonly string _innerLink;

    public FilesystemWalkTests()
    {
        _inner = Path.Combine(_fx.Root, "race", "inner");
        Directory.CreateDirectory(Path.Combine(_inner, "deeper"));
        File.WriteAllText(Path.Combine(_inner, "probe.txt"), "small");
        File.WriteAllText(Path.Combine(_inner, "deeper", "leaf.txt"), "leaf");
        var outside = Path.Combine(_fx.Temp, "outside-walk");
        Directory.CreateDirectory(Path.Combine(outside, _canary + "-dir"));
        File.WriteAllText(Path.Combine(outside, _canary + ".txt"), "canary");
        File.WriteAllText(Path.Combine(outside, _canary + "-dir", _canary + "-nested.txt"), "canary");
        File.WriteAllText(Path.Combine(outside, "probe.txt"), new string('x', OutsideProbeBytes));
        _innerLink = Path.Combine(_fx.Root, "race", "inner-link");
        File.CreateSymbolicLink(_innerLink, outside);
    }

    public static TheoryData<string, string, string?> Calls() => new()
    {
        { "directory_tree", ".", null },
        { "directory_tree", "race", null },
        { "search_files", ".", "CANARY" },
        { "search_files", ".", "**/*" },
        { "list_directory", "race/inner", null },
        { "list_directory_with_sizes", "race/inner", null },
        { "get_file_info", "race/inner/probe.txt", null },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task A_directory_swapped_for_an_outside_link_during_a_walk_never_shows_outside_names(string tool, string path, string? pattern)
    {
        await using var host = await McpTestHost.StartAsync(_fx.Settings(s => s.ReadsPerMinute = 0));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var swapper = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                AtomicSwap.Exchange(_inner, _innerLink);
                Thread.Sleep(1);
                AtomicSwap.Exchange(_inner, _innerLink);
                Thread.Sleep(1);
            }
        }, TestContext.Current.CancellationToken);
        var (served, refused) = (0, 0);
        for (var i = 0; i < 300 && !stop.IsCancellationRequested; i++)
        {
            var result = pattern is null
                ? await host.CallAsync(tool, new { path })
                : await host.CallAsync(tool, new { path, pattern });
            var text = result.Text();
            Assert.DoesNotContain(_canary, text, StringComparison.Ordinal);
            Assert.DoesNotContain($"size: {OutsideProbeBytes}", text, StringComparison.Ordinal);
            Assert.DoesNotContain($"{OutsideProbeBytes}", text.Split('\n').FirstOrDefault(l => l.Contains("probe.txt", StringComparison.Ordinal)) ?? string.Empty, StringComparison.Ordinal);
            (served, refused) = result.Ok() ? (served + 1, refused) : (served, refused + 1);
        }

        await stop.CancelAsync();
        await swapper;
        Assert.True(served > 0, "no call succeeded at all; the race test proved nothing");

        // Every failed call is a refusal (audited as such), never an error that might carry host details.
        var audit = _fx.Audit();
        Assert.DoesNotContain(_canary, audit, StringComparison.Ordinal);
        var outcomes = audit.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("tool").GetString() == tool)
            .Select(e => e.GetProperty("outcome").GetString())
            .ToList();
        Assert.Equal(refused, outcomes.Count(o => o == "refused"));
        Assert.Equal(served, outcomes.Count(o => o == "ok"));
    }

    [Fact]
    public void A_walk_refuses_when_a_directory_it_is_about_to_enter_becomes_an_outside_link()
    {
        var settings = _fx.Settings().Filesystem;
        var guard = new PathGuard(settings);
        var files = new SecureFileAccess(guard, settings);
        var seen = new List<string>();

        // The visitor swaps at the worst moment: after the walker has listed 'inner' as a directory, before it enters.
        var ex = Assert.Throws<FileChangedException>(() => files.Walk(guard.Resolve("race"), 1000, 64, entry =>
        {
            seen.Add(entry.RelativePath);
            if (entry.Name == "inner" && entry.IsDirectory)
            {
                AtomicSwap.Exchange(_inner, _innerLink);
            }

            return true;
        }));
        Assert.Contains("symbolic link", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(seen, s => s.Contains(_canary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Walks_stop_at_the_depth_and_entry_limits_and_say_so()
    {
        var deep = Path.Combine(_fx.Root, "d1", "d2", "d3", "d4");
        Directory.CreateDirectory(deep);
        File.WriteAllText(Path.Combine(deep, "bottom.txt"), "x");
        File.WriteAllText(Path.Combine(_fx.Root, "d1", "top.txt"), "x");
        await using (var host = await McpTestHost.StartAsync(_fx.Settings(s => s.MaxDepth = 2)))
        {
            var search = (await host.CallAsync("search_files", new { path = "d1", pattern = "*.txt" })).Text();
            Assert.Contains("top.txt", search, StringComparison.Ordinal);
            Assert.DoesNotContain("bottom.txt", search, StringComparison.Ordinal);
            Assert.Contains("did not go deeper than 2 levels", search, StringComparison.Ordinal);

            using var tree = JsonDocument.Parse((await host.CallAsync("directory_tree", new { path = "d1" })).Text());
            var d2 = tree.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "d2");
            var d3 = d2.GetProperty("children").EnumerateArray().Single();
            var d4 = d3.GetProperty("children").EnumerateArray().Single();
            Assert.Equal("d4", d4.GetProperty("name").GetString());
            Assert.Empty(d4.GetProperty("children").EnumerateArray());
        }

        Directory.CreateDirectory(Path.Combine(_fx.Root, "many"));
        for (var i = 0; i < 5; i++)
        {
            File.WriteAllText(Path.Combine(_fx.Root, "many", $"f{i}.txt"), "x");
        }

        await using (var host = await McpTestHost.StartAsync(_fx.Settings(s => s.MaxEntriesVisited = 3)))
        {
            var search = (await host.CallAsync("search_files", new { path = "many", pattern = "*" })).Text();
            Assert.Contains("(search stopped after 3 entries)", search, StringComparison.Ordinal);
            Assert.Equal(4, search.Split('\n').Length);
        }
    }

    public void Dispose() => _fx.Dispose();
}
