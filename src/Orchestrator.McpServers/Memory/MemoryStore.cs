using System.Text.Json;
using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Memory;

/// <summary>
/// Encrypted records, one file each, named by an HMAC of the record key (so names reveal nothing) and the version it
/// was written at, listed in a signed <see cref="StoreManifest"/>. Every operation, reads included, holds an in-process
/// lock and an exclusive lock file (other processes on the same store) and checks the manifest first; mutations
/// replace files by atomic rename and commit by rewriting the manifest, so concurrent clients never see a half-written
/// record and a crash never leaves a record the manifest does not vouch for.
/// </summary>
internal sealed partial class MemoryStore : IDisposable
{
    private const string Extension = ".rec";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly MemorySettings _settings;
    private readonly KeyRing _keys;
    private readonly TimeProvider _time;
    private readonly ILogger<MemoryStore> _logger;
    private readonly string _directory;
    private readonly StoreCounterFile? _counterFile;

    public MemoryStore(MemorySettings settings, KeyRing keys, TimeProvider time, ILogger<MemoryStore> logger)
    {
        _settings = settings;
        _keys = keys;
        _time = time;
        _logger = logger;
        _directory = Path.GetFullPath(settings.Store ?? throw new ArgumentException("--store is required for the memory server.", nameof(settings)));
        Directory.CreateDirectory(_directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        _counterFile = string.IsNullOrWhiteSpace(settings.CounterFile) ? null : new StoreCounterFile(settings.CounterFile, _directory);
    }

    public async Task<MemoryRecord> StoreAsync(string key, string type, string content, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var record = new MemoryRecord(key, type, content, tags, now, now + _settings.RetentionOf(type), PiiDetector.Detect(content));
        var (keyId, secret) = _keys.Current!.Value;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(RecordCipher.Seal(record, keyId, secret));
        await WithLockAsync(() =>
        {
            var manifest = LoadManifest();
            var id = RecordCipher.FileIdOf(secret, key);
            var existing = manifest.Entries.TryGetValue(id, out var old) && File.Exists(PathOf(id, old.Version)) ? new FileInfo(PathOf(id, old.Version)).Length : 0;
            if (CurrentSize() - existing + bytes.Length > _settings.MaxStoreBytes)
            {
                throw ToolRefusal.Because($"The memory store is full ({_settings.MaxStoreBytes} bytes); delete records or wait for expiry.");
            }

            var version = manifest.Counter + 1;
            WriteAtomically(PathOf(id, version), bytes);
            foreach (var (_, other) in _keys.All)
            {
                manifest.Entries.Remove(RecordCipher.FileIdOf(other, key));
            }

            manifest.Entries[id] = new ManifestEntry(version, StoreManifest.DigestOf(bytes), record.ExpiresAt.ToUnixTimeMilliseconds());
            Commit(manifest);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return record;
    }

    /// <summary>Returns the record, <see langword="null"/> when absent or expired; throws <see cref="MemoryIntegrityException"/> when tampered, deleted or rolled back.</summary>
    public Task<MemoryRecord?> RetrieveAsync(string key, CancellationToken cancellationToken) =>
        WithLockAsync(() =>
        {
            var manifest = LoadManifest();
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var (_, secret) in _keys.All)
            {
                var id = RecordCipher.FileIdOf(secret, key);
                if (manifest.Entries.TryGetValue(id, out var entry))
                {
                    return entry.ExpiresAtMs <= now ? null : OpenVerified(id, entry);
                }
            }

            return null;
        }, cancellationToken);

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken) =>
        WithLockAsync(() =>
        {
            var manifest = LoadManifest();
            var deleted = false;
            foreach (var (_, secret) in _keys.All)
            {
                deleted |= manifest.Entries.Remove(RecordCipher.FileIdOf(secret, key));
            }

            // Deleting a record whose file someone else removed is how one acknowledges that loss: the entry goes.
            if (deleted)
            {
                Commit(manifest);
            }

            return deleted;
        }, cancellationToken);

    /// <summary>Decrypts every live record; records that are tampered, missing or rolled back are returned as failures, not skipped.</summary>
    public Task<(List<MemoryRecord> Records, List<string> Failures)> ReadAllAsync(CancellationToken cancellationToken) =>
        WithLockAsync(() =>
        {
            var manifest = LoadManifest();
            var records = new List<MemoryRecord>();
            var failures = new List<string>();
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var (id, entry) in manifest.Entries.Where(e => e.Value.ExpiresAtMs > now).OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                try
                {
                    records.Add(OpenVerified(id, entry));
                }
                catch (MemoryIntegrityException ex)
                {
                    LogIntegrityFailure(_logger, id, ex.Message);
                    failures.Add(ex.Message);
                }
            }

            return (records, failures);
        }, cancellationToken);

    public Task<int> PurgeExpiredAsync(CancellationToken cancellationToken) =>
        WithLockAsync(() =>
        {
            var manifest = LoadManifest();
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var expired = manifest.Entries.Where(e => e.Value.ExpiresAtMs <= now).Select(e => e.Key).ToList();
            expired.ForEach(id => manifest.Entries.Remove(id));
            if (expired.Count > 0)
            {
                Commit(manifest);
            }

            return expired.Count;
        }, cancellationToken);

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Memory record {Id} failed its integrity check: {Reason}")]
    private static partial void LogIntegrityFailure(ILogger logger, string id, string reason);
}
