using System.Text.Json;
using Orchestrator.McpServers.Filesystem;

namespace Orchestrator.McpServers.Memory;

/// <summary>
/// The highest manifest counter this store has reached, kept outside the store directory. Someone who can write only
/// the store can roll it back to a whole earlier snapshot (manifest and records, all validly signed); the counter here
/// is then higher than the manifest's and the store is refused.
/// </summary>
internal sealed class StoreCounterFile
{
    private readonly string _path;

    public StoreCounterFile(string path, string storeDirectory)
    {
        _path = Path.GetFullPath(path);
        var parent = PathGuard.RealPathOf(Path.GetDirectoryName(_path)!);
        if (PathGuard.IsWithin(parent, PathGuard.RealPathOf(storeDirectory)))
        {
            throw new ArgumentException("The counter file must not be inside the store directory: a rollback of the store would roll it back too.", nameof(path));
        }
    }

    /// <summary>Returns the recorded store id and counter, or <see langword="null"/> when the file does not exist yet.</summary>
    public (string StoreId, long Counter)? Read()
    {
        if (!File.Exists(_path))
        {
            return null;
        }

        try
        {
            var state = JsonSerializer.Deserialize<CounterState>(File.ReadAllBytes(_path));
            return state is { StoreId.Length: > 0, Counter: >= 0 } ? (state.StoreId, state.Counter) : throw new JsonException("incomplete");
        }
        catch (JsonException ex)
        {
            throw new MemoryIntegrityException(MemoryStore.StoreFailure("the counter file kept outside the store is not valid"), ex);
        }
    }

    public void Write(string storeId, long counter)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        MemoryStore.WriteAtomically(_path, JsonSerializer.SerializeToUtf8Bytes(new CounterState { StoreId = storeId, Counter = counter }));
    }

    private sealed class CounterState
    {
        public string StoreId { get; set; } = string.Empty;

        public long Counter { get; set; }
    }
}
