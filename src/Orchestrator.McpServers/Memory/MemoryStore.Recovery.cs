using System.Text.Json;

namespace Orchestrator.McpServers.Memory;

internal sealed partial class MemoryStore
{
    /// <summary>Re-encrypts every record under the current key and re-signs the manifest; records that fail their checks are reported and left alone.</summary>
    public Task<(int Rewrapped, List<string> Failures)> RotateAsync(CancellationToken cancellationToken) =>
        WithLockAsync(() =>
        {
            var (currentId, currentKey) = _keys.Current!.Value;
            var manifest = LoadManifest();
            var version = manifest.Counter + 1;
            var rewrapped = 0;
            var failures = new List<string>();
            foreach (var (id, entry) in manifest.Entries.ToList())
            {
                try
                {
                    var record = OpenVerified(id, entry);
                    var newId = RecordCipher.FileIdOf(currentKey, record.Key);
                    if (string.Equals(newId, id, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var bytes = JsonSerializer.SerializeToUtf8Bytes(RecordCipher.Seal(record, currentId, currentKey));
                    WriteAtomically(PathOf(newId, version), bytes);
                    manifest.Entries.Remove(id);
                    manifest.Entries[newId] = new ManifestEntry(version, StoreManifest.DigestOf(bytes), entry.ExpiresAtMs);
                    rewrapped++;
                }
                catch (MemoryIntegrityException ex)
                {
                    failures.Add(ex.Message);
                }
            }

            // Re-signing under the current key is what lets the old key be dropped afterwards, even when nothing was rewrapped.
            Commit(manifest);
            return (rewrapped, failures);
        }, cancellationToken);

    /// <summary>
    /// The recovery path after a store-wide integrity failure (or to adopt a store written before manifests existed):
    /// accepts every record file on disk that decrypts and authenticates under a held key, keeps the newest version of
    /// each, and signs a new manifest at a counter above anything seen before. Files that fail are reported and moved to
    /// <c>quarantine/</c> inside the store. Run it only after deciding that the present state is to be trusted.
    /// </summary>
    public Task<(int Kept, List<string> Failures)> RebuildManifestAsync(CancellationToken cancellationToken) =>
        WithLockAsync(() =>
        {
            var counter = _counterFile?.Read();
            StoreManifest? previous = null;
            try
            {
                previous = ReadManifestFile();
            }
            catch (MemoryIntegrityException)
            {
                // An unreadable manifest is exactly what this rebuild replaces.
            }

            var manifest = new StoreManifest { StoreId = counter?.StoreId ?? previous?.StoreId ?? StoreManifest.CreateNew().StoreId };
            var failures = new List<string>();
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var highest = 0L;
            foreach (var file in RecordFiles().ToList())
            {
                if (ParseName(file) is not { } name)
                {
                    continue;
                }

                highest = Math.Max(highest, name.Version);
                var bytes = File.ReadAllBytes(file);
                try
                {
                    var entry = new ManifestEntry(name.Version, StoreManifest.DigestOf(bytes), 0);
                    var record = OpenVerified(name.Id, entry);
                    var expires = record.ExpiresAt.ToUnixTimeMilliseconds();
                    if (expires > now && (!manifest.Entries.TryGetValue(name.Id, out var other) || other.Version < name.Version))
                    {
                        manifest.Entries[name.Id] = entry with { ExpiresAtMs = expires };
                    }
                }
                catch (MemoryIntegrityException ex)
                {
                    // Kept for inspection, out of the way of the store.
                    var quarantine = Directory.CreateDirectory(Path.Combine(_directory, "quarantine")).FullName;
                    File.Move(file, Path.Combine(quarantine, Path.GetFileName(file)), overwrite: true);
                    failures.Add(ex.Message);
                }
            }

            manifest.Counter = new[] { highest, previous?.Counter ?? 0, counter?.Counter ?? 0, _lastSeen?.Counter ?? 0 }.Max();
            _lastSeen = null;
            Commit(manifest);
            return (manifest.Entries.Count, failures);
        }, cancellationToken);
}
