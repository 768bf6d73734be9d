using System.Text.Json;
using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Memory;

/// <summary>
/// Encrypted records, one file each, named by an HMAC of the record key (so names reveal nothing).
/// Every mutation holds an in-process lock and an exclusive lock file (other processes on the same store)
/// and replaces files by atomic rename, so concurrent clients never see a half-written record.
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
    }

    public async Task<MemoryRecord> StoreAsync(string key, string type, string content, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var record = new MemoryRecord(key, type, content, tags, now, now + _settings.RetentionOf(type), PiiDetector.Detect(content));
        var (keyId, secret) = _keys.Current!.Value;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(RecordCipher.Seal(record, keyId, secret));
        await WithLockAsync(() =>
        {
            var target = PathOf(RecordCipher.FileIdOf(secret, key));
            var existing = File.Exists(target) ? new FileInfo(target).Length : 0;
            if (CurrentSize() - existing + bytes.Length > _settings.MaxStoreBytes)
            {
                throw ToolRefusal.Because($"The memory store is full ({_settings.MaxStoreBytes} bytes); delete records or wait for expiry.");
            }

            WriteAtomically(target, bytes);
            foreach (var (_, old) in _keys.All.Where(k => k.Id != keyId))
            {
                File.Delete(PathOf(RecordCipher.FileIdOf(old, key)));
            }
        }, cancellationToken).ConfigureAwait(false);
        return record;
    }

    /// <summary>Returns the record, <see langword="null"/> when absent or expired; throws <see cref="MemoryIntegrityException"/> when tampered.</summary>
    public MemoryRecord? Retrieve(string key)
    {
        foreach (var (_, secret) in _keys.All)
        {
            var id = RecordCipher.FileIdOf(secret, key);
            var envelope = ReadEnvelope(id);
            if (envelope is null)
            {
                continue;
            }

            var record = RecordCipher.Open(envelope, _keys, id);
            return record.ExpiresAt <= _time.GetUtcNow() ? null : record;
        }

        return null;
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var deleted = false;
        await WithLockAsync(() =>
        {
            foreach (var (_, secret) in _keys.All)
            {
                var path = PathOf(RecordCipher.FileIdOf(secret, key));
                deleted |= File.Exists(path);
                File.Delete(path);
            }
        }, cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    /// <summary>Decrypts every live record; integrity failures are returned, not skipped.</summary>
    public (List<MemoryRecord> Records, List<string> Failures) ReadAll()
    {
        var records = new List<MemoryRecord>();
        var failures = new List<string>();
        var now = _time.GetUtcNow();
        foreach (var file in Directory.EnumerateFiles(_directory, "*" + Extension))
        {
            var id = Path.GetFileNameWithoutExtension(file);
            try
            {
                var envelope = ReadEnvelope(id);
                if (envelope is null || envelope.ExpiresAtMs <= now.ToUnixTimeMilliseconds())
                {
                    continue;
                }

                records.Add(RecordCipher.Open(envelope, _keys, id));
            }
            catch (MemoryIntegrityException ex)
            {
                LogIntegrityFailure(_logger, id, ex.Message);
                failures.Add(ex.Message);
            }
        }

        return (records, failures);
    }

    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var purged = 0;
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await WithLockAsync(() =>
        {
            foreach (var file in Directory.EnumerateFiles(_directory, "*" + Extension).ToList())
            {
                var envelope = ReadEnvelope(Path.GetFileNameWithoutExtension(file), throwOnCorrupt: false);
                if (envelope is not null && envelope.ExpiresAtMs <= now)
                {
                    File.Delete(file);
                    purged++;
                }
            }
        }, cancellationToken).ConfigureAwait(false);
        return purged;
    }

    /// <summary>Re-encrypts every record under the current key; records under unknown keys are reported and left alone.</summary>
    public async Task<(int Rewrapped, List<string> Failures)> RotateAsync(CancellationToken cancellationToken)
    {
        var (currentId, currentKey) = _keys.Current!.Value;
        var rewrapped = 0;
        var failures = new List<string>();
        await WithLockAsync(() =>
        {
            foreach (var file in Directory.EnumerateFiles(_directory, "*" + Extension).ToList())
            {
                var id = Path.GetFileNameWithoutExtension(file);
                try
                {
                    var envelope = ReadEnvelope(id);
                    if (envelope is null || envelope.KeyId == currentId)
                    {
                        continue;
                    }

                    var record = RecordCipher.Open(envelope, _keys, id);
                    WriteAtomically(PathOf(RecordCipher.FileIdOf(currentKey, record.Key)), JsonSerializer.SerializeToUtf8Bytes(RecordCipher.Seal(record, currentId, currentKey)));
                    File.Delete(file);
                    rewrapped++;
                }
                catch (MemoryIntegrityException ex)
                {
                    failures.Add(ex.Message);
                }
            }
        }, cancellationToken).ConfigureAwait(false);
        return (rewrapped, failures);
    }

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Memory record {Id} failed its integrity check: {Reason}")]
    private static partial void LogIntegrityFailure(ILogger logger, string id, string reason);
}
