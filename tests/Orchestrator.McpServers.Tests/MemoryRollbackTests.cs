using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.McpServers.Memory;

namespace Orchestrator.McpServers.Tests;

/// <summary>
/// Someone with write access to the store directory (but not to the key or the counter file) deletes records, restores
/// older validly encrypted ones, swaps them, truncates them, or rolls the whole store back. Each must be refused with a
/// specific message, and the recovery path must bring the store back.
/// </summary>
public sealed class MemoryRollbackTests : IDisposable
{
    private readonly MemoryHarness _memory = new();
    private readonly string _counterFile;

    public MemoryRollbackTests()
    {
        _counterFile = _memory.Temp.Combine("state", "memory.counter");
    }

    [Fact]
    public async Task A_record_deleted_on_disk_is_reported_missing_until_the_loss_is_acknowledged()
    {
        await using var host = await _memory.StartAsync();
        await host.CallAsync("memory_store", new { key = "a", content = "alpha" });
        await host.CallAsync("memory_store", new { key = "b", content = "bravo" });
        File.Delete(FileOf(host, "a"));

        var retrieve = await host.CallAsync("memory_retrieve", new { key = "a" });
        Assert.True(retrieve.IsError);
        Assert.Contains("deleted outside the server", retrieve.Text(), StringComparison.Ordinal);
        Assert.Contains("missing", (await host.CallAsync("memory_list")).Text(), StringComparison.Ordinal);
        Assert.Contains("bravo", (await host.CallAsync("memory_retrieve", new { key = "b" })).Text(), StringComparison.Ordinal);
        Assert.Contains("\"refused\"", File.ReadAllText(_memory.Temp.Combine("audit.jsonl")), StringComparison.Ordinal);

        Assert.True((await host.CallAsync("memory_delete", new { key = "a" })).Ok());
        Assert.Equal(0, FailureCount((await host.CallAsync("memory_list")).Text()));
    }

    [Fact]
    public async Task An_older_version_of_a_record_restored_over_the_current_one_is_refused()
    {
        await using var host = await _memory.StartAsync();
        await host.CallAsync("memory_store", new { key = "limit", content = "spend at most 10 EUR" });
        var old = File.ReadAllBytes(FileOf(host, "limit"));
        await host.CallAsync("memory_store", new { key = "limit", content = "spend at most 0 EUR" });

        // The old file decrypts perfectly under the key: only the manifest knows it is not the current version.
        File.WriteAllBytes(FileOf(host, "limit"), old);
        var retrieve = await host.CallAsync("memory_retrieve", new { key = "limit" });
        Assert.True(retrieve.IsError);
        Assert.DoesNotContain("10 EUR", retrieve.Text(), StringComparison.Ordinal);
        Assert.Contains("older version restored", retrieve.Text(), StringComparison.Ordinal);

        // Restoring it under its old name instead: it is not listed, so it is never served.
        var current = FileOf(host, "limit");
        File.Delete(current);
        File.WriteAllBytes(current.Replace(".2.rec", ".1.rec", StringComparison.Ordinal), old);
        Assert.Contains("deleted outside the server", (await host.CallAsync("memory_retrieve", new { key = "limit" })).Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("10 EUR", (await host.CallAsync("memory_search", new { query = "EUR" })).Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_records_whose_files_are_swapped_are_both_refused()
    {
        await using var host = await _memory.StartAsync();
        await host.CallAsync("memory_store", new { key = "a", content = "alpha" });
        await host.CallAsync("memory_store", new { key = "b", content = "bravo" });
        var (fa, fb) = (FileOf(host, "a"), FileOf(host, "b"));
        var (ba, bb) = (File.ReadAllBytes(fa), File.ReadAllBytes(fb));
        File.WriteAllBytes(fa, bb);
        File.WriteAllBytes(fb, ba);

        foreach (var key in new[] { "a", "b" })
        {
            var result = await host.CallAsync("memory_retrieve", new { key });
            Assert.True(result.IsError);
            Assert.Contains("swapped", result.Text(), StringComparison.Ordinal);
        }

        Assert.Equal(2, FailureCount((await host.CallAsync("memory_list")).Text()));
    }

    [Fact]
    public async Task A_truncated_record_or_manifest_is_refused_and_a_truncated_manifest_stops_every_operation()
    {
        await using var host = await _memory.StartAsync();
        await host.CallAsync("memory_store", new { key = "a", content = "alpha" });
        await host.CallAsync("memory_store", new { key = "b", content = "bravo" });
        var fa = FileOf(host, "a");
        File.WriteAllBytes(fa, File.ReadAllBytes(fa)[..40]);
        Assert.Contains("truncated", (await host.CallAsync("memory_retrieve", new { key = "a" })).Text(), StringComparison.Ordinal);

        File.WriteAllBytes(_memory.Manifest, File.ReadAllBytes(_memory.Manifest)[..30]);
        foreach (var (tool, args) in AllTools())
        {
            var result = await host.CallAsync(tool, args);
            Assert.True(result.IsError, tool);
            Assert.Contains("manifest is not valid", result.Text(), StringComparison.Ordinal);
            Assert.Contains("--rebuild-manifest", result.Text(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_manifest_edited_or_deleted_on_disk_fails_closed()
    {
        await using var host = await _memory.StartAsync();
        await host.CallAsync("memory_store", new { key = "a", content = "alpha", type = "context" });

        // Extending a record's life by editing the manifest (the record itself is sealed) breaks the signature.
        var text = File.ReadAllText(_memory.Manifest);
        using (var doc = JsonDocument.Parse(text))
        {
            var expiry = doc.RootElement.GetProperty("Entries").EnumerateObject().Single().Value.GetProperty("ExpiresAtMs").GetInt64();
            File.WriteAllText(_memory.Manifest, text.Replace(expiry.ToString(System.Globalization.CultureInfo.InvariantCulture), (expiry + 86_400_000).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        Assert.Contains("signature does not verify", (await host.CallAsync("memory_list")).Text(), StringComparison.Ordinal);

        File.Delete(_memory.Manifest);
        var store = await host.CallAsync("memory_store", new { key = "c", content = "charlie" });
        Assert.True(store.IsError);
        Assert.Contains("manifest is missing", store.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_whole_store_rolled_back_to_an_older_snapshot_is_refused_after_a_restart_with_a_counter_file()
    {
        var snapshot = _memory.Temp.Combine("snapshot");
        await using (var host = await _memory.StartAsync(configure: WithCounter))
        {
            await host.CallAsync("memory_store", new { key = "a", content = "alpha" });
            CopyDirectory(_memory.Store, snapshot);
            await host.CallAsync("memory_store", new { key = "a", content = "alpha v2" });
            await host.CallAsync("memory_store", new { key = "b", content = "bravo" });
        }

        // Every file of the snapshot is validly encrypted and validly signed: only the counter outside the store tells.
        Directory.Delete(_memory.Store, recursive: true);
        CopyDirectory(snapshot, _memory.Store);
        await using (var host = await _memory.StartAsync(configure: WithCounter))
        {
            foreach (var (tool, args) in AllTools())
            {
                var result = await host.CallAsync(tool, args);
                Assert.True(result.IsError, tool);
                Assert.Contains("rolled back", result.Text(), StringComparison.Ordinal);
                Assert.DoesNotContain("alpha", result.Text(), StringComparison.Ordinal);
            }
        }

        // Wiping the store entirely is not a fresh start either.
        Directory.Delete(_memory.Store, recursive: true);
        await using (var host = await _memory.StartAsync(configure: WithCounter))
        {
            Assert.Contains("counter file records", (await host.CallAsync("memory_store", new { key = "x", content = "y" })).Text(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_rollback_while_the_server_runs_is_refused_even_without_a_counter_file()
    {
        var snapshot = _memory.Temp.Combine("snapshot");
        await using var host = await _memory.StartAsync();
        await host.CallAsync("memory_store", new { key = "a", content = "alpha" });
        CopyDirectory(_memory.Store, snapshot);
        await host.CallAsync("memory_delete", new { key = "a" });

        foreach (var file in Directory.EnumerateFiles(snapshot))
        {
            File.Copy(file, Path.Combine(_memory.Store, Path.GetFileName(file)), overwrite: true);
        }

        var result = await host.CallAsync("memory_retrieve", new { key = "a" });
        Assert.True(result.IsError);
        Assert.Contains("rolled back", result.Text(), StringComparison.Ordinal);
        Assert.Contains("this server process has already seen", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rebuilding_the_manifest_accepts_authentic_records_quarantines_the_rest_and_resumes_service()
    {
        var snapshot = _memory.Temp.Combine("snapshot");
        await using (var host = await _memory.StartAsync(configure: WithCounter))
        {
            await host.CallAsync("memory_store", new { key = "a", content = "alpha" });
            await host.CallAsync("memory_store", new { key = "b", content = "bravo" });
            CopyDirectory(_memory.Store, snapshot);
            await host.CallAsync("memory_store", new { key = "c", content = "charlie" });
        }

        Directory.Delete(_memory.Store, recursive: true);
        CopyDirectory(snapshot, _memory.Store);

        // One of the restored files is also corrupted: AES-GCM, not the manifest, is what catches it during the rebuild.
        // The flipped bit is inside the ciphertext itself, so AES-GCM must reject the record whatever the envelope's
        // layout. Flipping the byte at the middle of the JSON file instead once left both records accepted in CI
        // (kept 2, expected 1); why that byte changed nothing was not established.
        var victim = _memory.RecordFiles()[0];
        var envelope = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(victim))!.AsObject();
        var data = envelope.Single(p => string.Equals(p.Key, "data", StringComparison.OrdinalIgnoreCase));
        var cipher = Convert.FromBase64String(data.Value!.GetValue<string>());
        cipher[cipher.Length / 2] ^= 0x20;
        envelope[data.Key] = Convert.ToBase64String(cipher);
        File.WriteAllText(victim, envelope.ToJsonString());

        using (var store = new MemoryStore(_memory.Settings(WithCounter), KeyRing.Load(_memory.Settings()), TimeProvider.System, NullLogger<MemoryStore>.Instance))
        {
            var (kept, failures) = await store.RebuildManifestAsync(TestContext.Current.CancellationToken);
            Assert.Equal(1, kept);
            Assert.Single(failures);
        }

        Assert.Single(Directory.EnumerateFiles(Path.Combine(_memory.Store, "quarantine")));
        await using var resumed = await _memory.StartAsync(configure: WithCounter);
        var list = (await resumed.CallAsync("memory_list")).Text();
        Assert.Equal(0, FailureCount(list));
        Assert.Single(JsonDocument.Parse(list).RootElement.GetProperty("memories").EnumerateArray());
        Assert.True((await resumed.CallAsync("memory_store", new { key = "c", content = "charlie again" })).Ok());
        Assert.Contains("charlie again", (await resumed.CallAsync("memory_retrieve", new { key = "c" })).Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_line_refuses_a_rolled_back_store_and_rebuild_manifest_recovers_it()
    {
        var snapshot = _memory.Temp.Combine("snapshot");
        await using (var host = await _memory.StartAsync(configure: WithCounter))
        {
            await host.CallAsync("memory_store", new { key = "a", content = "alpha" });
            CopyDirectory(_memory.Store, snapshot);
            await host.CallAsync("memory_store", new { key = "b", content = "bravo" });
        }

        Directory.Delete(_memory.Store, recursive: true);
        CopyDirectory(snapshot, _memory.Store);
        var (rotateExit, rotateOutput) = await RunServerAsync("--rotate-keys");
        Assert.Equal(1, rotateExit);
        Assert.Contains("rolled back", rotateOutput, StringComparison.Ordinal);

        var (rebuildExit, rebuildOutput) = await RunServerAsync("--rebuild-manifest");
        Assert.Equal(0, rebuildExit);
        Assert.Contains("Signed a new manifest over 1 records; 0 failed", rebuildOutput, StringComparison.Ordinal);
        await using var resumed = await _memory.StartAsync(configure: WithCounter);
        Assert.Contains("alpha", (await resumed.CallAsync("memory_retrieve", new { key = "a" })).Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_counter_file_must_live_outside_the_store()
    {
        var settings = _memory.Settings(s => s.CounterFile = Path.Combine(_memory.Store, "counter"));
        Directory.CreateDirectory(_memory.Store);
        var error = Assert.Throws<ArgumentException>(() => new MemoryStore(settings, KeyRing.Load(settings), TimeProvider.System, NullLogger<MemoryStore>.Instance));
        Assert.Contains("must not be inside the store", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _memory.Dispose();

    private static IEnumerable<(string Tool, object Args)> AllTools() =>
    [
        ("memory_store", new { key = "new", content = "x" }),
        ("memory_retrieve", new { key = "a" }),
        ("memory_search", new { query = "a" }),
        ("memory_list", new { }),
        ("memory_delete", new { key = "a" }),
    ];

    private static int FailureCount(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("integrity_failures").GetArrayLength();
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }

    private async Task<(int ExitCode, string Output)> RunServerAsync(string maintenance)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            ArgumentList = { ServerBinary.DllPath(), "memory", "--store", _memory.Store, "--key-file", _memory.KeyFile, "--counter-file", _counterFile, maintenance },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var output = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, output);
    }

    private void WithCounter(MemorySettings settings) => settings.CounterFile = _counterFile;

    /// <summary>The file currently holding <paramref name="key"/>, found the way the server finds it (never by listing the directory).</summary>
    private static string FileOf(McpTestHost host, string key)
    {
        var settings = host.Services.GetRequiredService<MemorySettings>();
        var (_, secret) = KeyRing.Load(settings).Current!.Value;
        var id = RecordCipher.FileIdOf(secret, key);
        return Directory.EnumerateFiles(settings.Store!, id + ".*.rec").Single();
    }
}
