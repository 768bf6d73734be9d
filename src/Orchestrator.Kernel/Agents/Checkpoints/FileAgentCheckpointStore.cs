using System.Text.Json;

namespace Orchestrator.Agents;

/// <summary>
/// Checkpoints as one JSON file per run in a directory, written to a temporary file and renamed over the old one, so a
/// crash mid-write leaves the previous checkpoint intact and another process can resume the run.
/// </summary>
public sealed class FileAgentCheckpointStore : IAgentCheckpointStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _directory;

    /// <summary>Initializes the store.</summary>
    /// <param name="directory">The directory (created if missing).</param>
    public FileAgentCheckpointStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(_directory);
    }

    /// <inheritdoc />
    public async ValueTask SaveAsync(AgentCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var path = PathOf(checkpoint.RunId);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var stream = File.Create(temporary);
        await using (stream.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(stream, checkpoint, Json, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <inheritdoc />
    public async ValueTask<AgentCheckpoint?> LoadAsync(string runId, CancellationToken cancellationToken = default)
    {
        var path = PathOf(runId);
        if (!File.Exists(path))
        {
            return null;
        }

        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync<AgentCheckpoint>(stream, Json, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"The checkpoint file '{path}' is empty.");
        }
    }

    /// <summary>Run ids come from callers: only letters, digits, '-', '_' and '.' may reach a file name.</summary>
    private string PathOf(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        if (runId.Length > 200 || runId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) || runId.StartsWith('.'))
        {
            throw new ArgumentException($"The run id '{runId}' cannot name a checkpoint file: use at most 200 letters, digits, '-', '_' or '.', not starting with '.'.", nameof(runId));
        }

        return Path.Combine(_directory, runId + ".json");
    }
}
