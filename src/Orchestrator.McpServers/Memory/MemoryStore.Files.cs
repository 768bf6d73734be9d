using System.Globalization;
using System.Text.Json;

namespace Orchestrator.McpServers.Memory;

internal sealed partial class MemoryStore
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Writes to a temp file beside <paramref name="target"/>, flushes it to disk and renames it over the target.</summary>
    public static void WriteAtomically(string target, byte[] bytes)
    {
        var temp = $"{target}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private string PathOf(string id, long version) => Path.Combine(_directory, string.Create(CultureInfo.InvariantCulture, $"{id}.{version}{Extension}"));

    private IEnumerable<string> RecordFiles() => Directory.EnumerateFiles(_directory, "*" + Extension);

    /// <summary>Splits <c>ID.VERSION.rec</c>; <see langword="null"/> for a name the store would never write.</summary>
    private static (string Id, long Version)? ParseName(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && long.TryParse(name.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? (name[..dot], version)
            : null;
    }

    /// <summary>Opens the record the manifest vouches for: its file must exist and hash to the signed digest before it is decrypted.</summary>
    private MemoryRecord OpenVerified(string id, ManifestEntry entry)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(PathOf(id, entry.Version));
        }
        catch (FileNotFoundException)
        {
            throw new MemoryIntegrityException($"Record {id} is missing: the signed manifest lists it but its file was deleted outside the server. Restore it from a backup, or delete the memory to acknowledge the loss.");
        }

        if (!string.Equals(StoreManifest.DigestOf(bytes), entry.Digest, StringComparison.Ordinal))
        {
            throw new MemoryIntegrityException($"Record {id} failed its integrity check: its file does not match the signed manifest (modified, truncated, swapped with another record's file, or an older version restored).");
        }

        RecordEnvelope envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<RecordEnvelope>(bytes) ?? throw new JsonException("empty");
        }
        catch (JsonException ex)
        {
            throw new MemoryIntegrityException($"Record {id} failed its integrity check: it is not a valid record file.", ex);
        }

        return RecordCipher.Open(envelope, _keys, id);
    }

    private long CurrentSize() => RecordFiles().Sum(f => new FileInfo(f).Length);

    private async Task<T> WithLockAsync<T>(Func<T> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var fileLock = await AcquireFileLockAsync(cancellationToken).ConfigureAwait(false);
            return action();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Holds <c>.lock</c> exclusively so two server processes on one store take turns.</summary>
    private async Task<FileStream> AcquireFileLockAsync(CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(Path.Combine(_directory, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (_time.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
