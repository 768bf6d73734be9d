using System.Text.Json;

namespace Orchestrator.McpServers.Memory;

internal sealed partial class MemoryStore
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    private string PathOf(string id) => Path.Combine(_directory, id + Extension);

    private RecordEnvelope? ReadEnvelope(string id, bool throwOnCorrupt = true)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(PathOf(id));
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<RecordEnvelope>(bytes) ?? throw new JsonException("empty");
        }
        catch (JsonException ex) when (throwOnCorrupt)
        {
            throw new MemoryIntegrityException($"Record {id} failed its integrity check: it is not a valid record file.", ex);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private long CurrentSize() =>
        Directory.EnumerateFiles(_directory, "*" + Extension).Sum(f => new FileInfo(f).Length);

    private static void WriteAtomically(string target, byte[] bytes)
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

    private async Task WithLockAsync(Action action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var fileLock = await AcquireFileLockAsync(cancellationToken).ConfigureAwait(false);
            action();
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
