using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.McpServers.Memory;

namespace Orchestrator.McpServers.Tests;

public sealed class MemoryServerTests : IDisposable
{
    private readonly MemoryHarness _memory = new();
    private readonly TempDirectory _temp;
    private readonly string _store;
    private readonly string _keyFile;

    public MemoryServerTests()
    {
        _temp = _memory.Temp;
        _store = _memory.Store;
        _keyFile = _memory.KeyFile;
    }

    [Fact]
    public async Task Records_round_trip_encrypted_at_rest_with_pii_flagged()
    {
        await using var host = await StartAsync();
        var stored = (await host.CallAsync("memory_store", new { key = "contact", content = "Mail ada@example.com, card 4111 1111 1111 1111", type = "facts", tags = new[] { "people" } })).Text();
        Assert.Contains("email", stored, StringComparison.Ordinal);
        Assert.Contains("card", stored, StringComparison.Ordinal);
        using var record = JsonDocument.Parse((await host.CallAsync("memory_retrieve", new { key = "contact" })).Text());
        Assert.Equal("Mail ada@example.com, card 4111 1111 1111 1111", record.RootElement.GetProperty("content").GetString());
        Assert.Contains("ada@example.com", (await host.CallAsync("memory_search", new { query = "ADA@" })).Text(), StringComparison.Ordinal);
        Assert.Contains("contact", (await host.CallAsync("memory_list", new { type = "facts" })).Text(), StringComparison.Ordinal);

        var onDisk = string.Concat(Directory.EnumerateFiles(_store, "*.rec").Select(File.ReadAllText));
        Assert.DoesNotContain("ada@example.com", onDisk, StringComparison.Ordinal);
        Assert.DoesNotContain("contact", onDisk, StringComparison.Ordinal);

        Assert.True((await host.CallAsync("memory_delete", new { key = "contact" })).Ok());
        Assert.True((await host.CallAsync("memory_retrieve", new { key = "contact" })).IsError);
        Assert.True((await host.CallAsync("memory_store", new { key = "x", content = "y", type = "secrets" })).IsError);

        // Keys never become paths: a traversal-shaped key is just a name, stored inside the store.
        Assert.True((await host.CallAsync("memory_store", new { key = "../../../tmp/evil", content = "z" })).Ok());
        Assert.Contains("\"z\"", (await host.CallAsync("memory_retrieve", new { key = "../../../tmp/evil" })).Text(), StringComparison.Ordinal);
        Assert.All(Directory.EnumerateFileSystemEntries(_temp.Path, "*", SearchOption.AllDirectories), f => Assert.DoesNotContain("evil", f, StringComparison.Ordinal));
        Assert.True((await host.CallAsync("memory_store", new { key = "bad\u0000key", content = "z" })).IsError);
        Assert.True((await host.CallAsync("memory_store", new { key = new string('k', 300), content = "z" })).IsError);
    }

    [Fact]
    public async Task Each_type_expires_after_its_retention_and_is_purged()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);

        // A coarse purge interval keeps the fake clock from firing the timer tens of thousands of times per advance.
        await using var host = await StartAsync(time, s => s.PurgeInterval = TimeSpan.FromHours(6));
        foreach (var type in MemoryTypes.All)
        {
            await host.CallAsync("memory_store", new { key = type, content = $"a {type}", type });
        }

        time.Advance(TimeSpan.FromHours(13));
        Assert.True((await host.CallAsync("memory_retrieve", new { key = "context" })).IsError);
        Assert.True((await host.CallAsync("memory_retrieve", new { key = "conversation" })).Ok());
        time.Advance(TimeSpan.FromHours(12));
        Assert.True((await host.CallAsync("memory_retrieve", new { key = "conversation" })).IsError);
        Assert.True((await host.CallAsync("memory_retrieve", new { key = "facts" })).Ok());
        time.Advance(TimeSpan.FromDays(30));
        Assert.True((await host.CallAsync("memory_retrieve", new { key = "facts" })).IsError);
        Assert.True((await host.CallAsync("memory_retrieve", new { key = "preferences" })).Ok());
        time.Advance(TimeSpan.FromDays(60));
        Assert.True((await host.CallAsync("memory_retrieve", new { key = "preferences" })).IsError);

        // The background purge runs on the (fake) clock: advancing one interval must delete the expired files unaided.
        await host.CallAsync("memory_store", new { key = "late", content = "x", type = "context" });
        Assert.NotEmpty(Directory.EnumerateFiles(_store, "*.rec"));
        time.Advance(TimeSpan.FromHours(13));
        for (var i = 0; i < 100 && Directory.EnumerateFiles(_store, "*.rec").Any(); i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Empty(Directory.EnumerateFiles(_store, "*.rec"));
    }

    [Fact]
    public async Task Tampered_swapped_and_truncated_records_are_reported_never_returned()
    {
        await using var host = await StartAsync();
        await host.CallAsync("memory_store", new { key = "a", content = "alpha" });
        await host.CallAsync("memory_store", new { key = "b", content = "bravo" });
        var files = Directory.EnumerateFiles(_store, "*.rec").Order().ToArray();
        var envelope = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(files[0]))!;
        var data = Convert.FromBase64String(envelope["Data"].GetString()!);
        data[0] ^= 0x01;
        var tampered = JsonSerializer.Serialize(envelope.ToDictionary(kv => kv.Key, kv => kv.Key == "Data" ? (object)Convert.ToBase64String(data) : kv.Value));
        File.WriteAllText(files[0], tampered);

        var list = (await host.CallAsync("memory_list")).Text();
        Assert.Contains("integrity check", list, StringComparison.Ordinal);
        var retrieveA = await host.CallAsync("memory_retrieve", new { key = "a" });
        var retrieveB = await host.CallAsync("memory_retrieve", new { key = "b" });
        Assert.True(retrieveA.IsError == true || retrieveB.IsError == true);
        Assert.DoesNotContain(retrieveA.IsError == true ? "alpha" : "bravo", retrieveA.Text() + retrieveB.Text(), StringComparison.Ordinal);

        File.Copy(files[1], files[0], overwrite: true);
        Assert.Contains("swapped", (await host.CallAsync("memory_list")).Text(), StringComparison.Ordinal);
        File.WriteAllText(files[1], "{not json");
        var list2 = (await host.CallAsync("memory_list")).Text();
        Assert.DoesNotContain("alpha", list2, StringComparison.Ordinal);
        Assert.DoesNotContain("bravo", list2, StringComparison.Ordinal);
        using var failures = JsonDocument.Parse(list2);
        Assert.Equal(2, failures.RootElement.GetProperty("integrity_failures").GetArrayLength());
    }

    [Fact]
    public async Task A_wrong_key_reads_nothing_and_rotation_rewraps_every_record()
    {
        await using (var host = await StartAsync())
        {
            await host.CallAsync("memory_store", new { key = "k1", content = "one" });
            await host.CallAsync("memory_store", new { key = "k2", content = "two", type = "preferences" });
        }

        var oldKey = File.ReadAllText(_keyFile);
        var newKey = KeyRing.NewKeyBase64();
        File.WriteAllText(_keyFile, newKey);
        await using (var wrong = await StartAsync())
        {
            Assert.True((await wrong.CallAsync("memory_retrieve", new { key = "k1" })).IsError);
            Assert.Contains("does not hold", (await wrong.CallAsync("memory_list")).Text(), StringComparison.Ordinal);
        }

        File.WriteAllText(_keyFile, $"{newKey}\n{oldKey}");
        await using (var rotating = await StartAsync())
        {
            Assert.Contains("one", (await rotating.CallAsync("memory_retrieve", new { key = "k1" })).Text(), StringComparison.Ordinal);
            var (rewrapped, failures) = await rotating.Services.GetRequiredService<MemoryStore>().RotateAsync(TestContext.Current.CancellationToken);
            Assert.Equal(2, rewrapped);
            Assert.Empty(failures);
        }

        File.WriteAllText(_keyFile, newKey);
        await using var rotated = await StartAsync();
        Assert.Contains("two", (await rotated.CallAsync("memory_retrieve", new { key = "k2" })).Text(), StringComparison.Ordinal);
        Assert.Contains("\"integrity_failures\":[]", (await rotated.CallAsync("memory_list")).Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_writers_on_one_store_lose_nothing()
    {
        await using var first = await StartAsync();
        await using var second = await StartAsync();
        var writes = Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? first : second).CallAsync("memory_store", new { key = $"k{i}", content = $"value {i}" }));
        var results = await Task.WhenAll(writes);
        Assert.All(results, r => Assert.True(r.Ok(), r.Text()));
        for (var i = 0; i < 40; i++)
        {
            Assert.Contains($"value {i}", (await first.CallAsync("memory_retrieve", new { key = $"k{i}" })).Text(), StringComparison.Ordinal);
        }

        Assert.Empty(Directory.EnumerateFiles(_store, "*.tmp"));
    }

    [Fact]
    public async Task The_store_cap_and_key_placement_are_enforced()
    {
        await using (var host = await StartAsync(configure: s => s.MaxStoreBytes = 2000))
        {
            Assert.True((await host.CallAsync("memory_store", new { key = "a", content = "small" })).Ok());
            var full = await host.CallAsync("memory_store", new { key = "b", content = new string('x', 3000) });
            Assert.True(full.IsError);
            Assert.Contains("full", full.Text(), StringComparison.Ordinal);
        }

        var inside = _temp.Write("store/key.b64", KeyRing.NewKeyBase64());
        Assert.Throws<ArgumentException>(() => KeyRing.Load(_memory.Settings(s => s.KeyFile = inside)));
    }

    public void Dispose() => _memory.Dispose();

    private Task<McpTestHost> StartAsync(TimeProvider? time = null, Action<MemorySettings>? configure = null) => _memory.StartAsync(time, configure);
}
