using System.Text.Json;

namespace Orchestrator.McpServers.Memory;

internal sealed partial class MemoryStore
{
    /// <summary>The newest manifest this process has accepted: a later read that finds an older one is a rollback even without a counter file.</summary>
    private (string StoreId, long Counter)? _lastSeen;

    private string ManifestPath => Path.Combine(_directory, StoreManifest.FileName);

    /// <summary>The message of every store-wide integrity failure: what was found, then the recovery path.</summary>
    public static string StoreFailure(string finding) =>
        $"The memory store failed its integrity check: {finding}. Every memory operation is refused until this is resolved: restore the store directory from a backup, "
        + "or, to accept the records now on disk as they are, stop the server and run 'orchestrator-mcp memory --store DIR --key-file FILE [--counter-file FILE] --rebuild-manifest' "
        + "with the same key and counter files as the server.";

    /// <summary>Reads and verifies the manifest: signature, store id and counter against this process and the counter file. Called under the lock.</summary>
    private StoreManifest LoadManifest()
    {
        var counter = _counterFile?.Read();
        var manifest = ReadManifestFile();
        if (manifest is null)
        {
            if (RecordFiles().Any())
            {
                throw new MemoryIntegrityException(StoreFailure("the store holds record files but its signed manifest is missing (deleted, or the store was written by a version without manifests)"));
            }

            if (_lastSeen is { } seen)
            {
                throw new MemoryIntegrityException(StoreFailure($"the signed manifest disappeared while the server was running (it was at change {seen.Counter})"));
            }

            if (counter is { Counter: > 0 } recorded)
            {
                throw new MemoryIntegrityException(StoreFailure($"the store is empty and has no manifest, but the counter file records {recorded.Counter} committed changes (records deleted or the store replaced)"));
            }

            return StoreManifest.CreateNew();
        }

        var key = _keys.Find(manifest.KeyId)
            ?? throw new MemoryIntegrityException(StoreFailure($"the manifest is signed with a key this server does not hold (key id {manifest.KeyId}); add that key as a secondary key"));
        if (!manifest.HasValidMac(key))
        {
            throw new MemoryIntegrityException(StoreFailure("the manifest was modified outside the server (its signature does not verify)"));
        }

        RequireNotOlder(manifest, _lastSeen, "this server process has already seen");
        RequireNotOlder(manifest, counter, "the counter file outside the store records");
        if (_counterFile is not null && (counter is null || counter.Value.Counter < manifest.Counter))
        {
            // First use of a counter file, or a crash between committing the manifest and the counter: catch up now.
            _counterFile.Write(manifest.StoreId, manifest.Counter);
        }

        _lastSeen = (manifest.StoreId, manifest.Counter);
        return manifest;
    }

    private static void RequireNotOlder(StoreManifest manifest, (string StoreId, long Counter)? reference, string source)
    {
        if (reference is not { } known)
        {
            return;
        }

        if (!string.Equals(known.StoreId, manifest.StoreId, StringComparison.Ordinal))
        {
            throw new MemoryIntegrityException(StoreFailure($"the manifest belongs to another store than the one {source} (store replaced)"));
        }

        if (manifest.Counter < known.Counter)
        {
            throw new MemoryIntegrityException(StoreFailure($"the store was rolled back: its manifest is at change {manifest.Counter} but {source} change {known.Counter}"));
        }
    }

    private StoreManifest? ReadManifestFile()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(ManifestPath);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<StoreManifest>(bytes) ?? throw new JsonException("empty");
        }
        catch (JsonException ex)
        {
            throw new MemoryIntegrityException(StoreFailure("the manifest is not valid (truncated or corrupted)"), ex);
        }
    }

    /// <summary>Signs and writes the manifest as the next change, then the counter file, then removes files it no longer lists. Called under the lock.</summary>
    private void Commit(StoreManifest manifest)
    {
        manifest.Counter = Math.Max(manifest.Counter + 1, manifest.Entries.Values.Select(e => e.Version).DefaultIfEmpty(0).Max());
        var (keyId, key) = _keys.Current!.Value;
        manifest.Sign(keyId, key);
        WriteAtomically(ManifestPath, JsonSerializer.SerializeToUtf8Bytes(manifest));
        _counterFile?.Write(manifest.StoreId, manifest.Counter);
        _lastSeen = (manifest.StoreId, manifest.Counter);
        RemoveUnlistedFiles(manifest);
    }

    /// <summary>
    /// Deletes record files the committed manifest does not list: older versions, deleted and expired records, leftovers
    /// of a crash before a commit, and anything planted. None of them could ever be served, since reads go through the manifest.
    /// </summary>
    private void RemoveUnlistedFiles(StoreManifest manifest)
    {
        foreach (var file in RecordFiles().ToList())
        {
            var parsed = ParseName(file);
            if (parsed is { } name && manifest.Entries.TryGetValue(name.Id, out var entry) && entry.Version == name.Version)
            {
                continue;
            }

            if (parsed is null)
            {
                LogUnlistedFile(_logger, Path.GetFileName(file));
            }

            File.Delete(file);
        }
    }

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Removed memory file {File}: the signed manifest does not list it and the store never writes such a name")]
    private static partial void LogUnlistedFile(ILogger logger, string file);
}
