using Orchestrator.McpServers.Filesystem;
using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Tests;

/// <summary>
/// A local attacker moves a directory out of the roots (or swaps it for a link to an outside directory) while the
/// server is reading its names. The walk's own callback does the move at the worst moment, between two names of that
/// directory, so the race is hit every time; the walk must then fail instead of returning what it read. Both the
/// Linux handle-based walk and the path-based fallback other platforms use are exercised.
/// </summary>
public sealed class FilesystemMoveDuringListingTests : IDisposable
{
    private readonly FilesystemFixture _fx = new();
    private readonly string _box;
    private readonly string _away;

    public FilesystemMoveDuringListingTests()
    {
        _box = Path.Combine(_fx.Root, "box");
        foreach (var name in new[] { "a.txt", "b.txt", "c.txt" })
        {
            Directory.CreateDirectory(_box);
            File.WriteAllText(Path.Combine(_box, name), name);
        }

        _away = Path.Combine(_fx.Outside, "box-moved");
    }

    public static TheoryData<bool, string> Modes() => new()
    {
        { true, "box" },
        { true, "." },
        { false, "box" },
        { false, "." },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public void A_directory_moved_out_of_the_roots_while_its_names_are_read_fails_the_walk(bool useHandles, string top) =>
        AssertWalkRefused(useHandles, top, () => Directory.Move(_box, _away));

    [Theory]
    [MemberData(nameof(Modes))]
    public void A_directory_swapped_for_an_outside_link_while_its_names_are_read_fails_the_walk(bool useHandles, string top) =>
        AssertWalkRefused(useHandles, top, () =>
        {
            Directory.Move(_box, _away);
            File.CreateSymbolicLink(_box, _away);
        });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Walks_and_listings_that_nothing_disturbs_complete_in_both_modes(bool useHandles)
    {
        var (guard, access) = Access(useHandles);
        var names = new List<string>();

        var outcome = access.Walk(guard.Resolve("."), 1000, 10, entry =>
        {
            names.Add(entry.RelativePath);
            return true;
        });

        Assert.Equal(WalkOutcome.Complete, outcome);
        Assert.Contains("box/b.txt", names);
        Assert.Contains("sub/inner.txt", names);
        Assert.DoesNotContain(names, n => n.StartsWith("link-dir/", StringComparison.Ordinal));
        Assert.Equal(["a.txt", "b.txt", "c.txt"], access.ListDirectory(guard.Resolve("box"), 100).Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    public void Dispose() => _fx.Dispose();

    private void AssertWalkRefused(bool useHandles, string top, Action attack)
    {
        var (guard, access) = Access(useHandles);
        var attacked = false;
        var seen = new List<string>();

        var error = Assert.Throws<FileChangedException>(() => access.Walk(guard.Resolve(top), 1000, 10, entry =>
        {
            seen.Add(entry.RelativePath);
            if (!attacked && entry.FullPath.StartsWith(_box + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                attack();
                attacked = true;
            }

            return true;
        }));

        Assert.True(attacked, "the walk never reached the directory, so the race was not run");
        Assert.Contains("changed during the listing", error.Message, StringComparison.Ordinal);
    }

    private (PathGuard Guard, SecureFileAccess Access) Access(bool useHandles)
    {
        var settings = _fx.Settings().Filesystem;
        var guard = new PathGuard(settings);
        return (guard, new SecureFileAccess(guard, settings) { UseHandles = useHandles });
    }
}
