namespace Orchestrator.Testing.Wire;

/// <summary>
/// A first-in first-out script of <see cref="ScriptedReply"/> values; each chat request takes the next one.
/// Safe to use from several threads. The server's own queue serves every request; one from
/// <see cref="WireServer.ForModel(string)"/> serves only requests for that model, and is tried first.
/// </summary>
public sealed class WireScript
{
    private readonly Queue<ScriptedReply> _replies = new();
    private readonly Lock _gate = new();

    internal WireScript(string? model) => Model = model;

    /// <summary>Gets the model this queue serves, or <see langword="null"/> for the server-wide queue.</summary>
    public string? Model { get; }

    /// <summary>Gets the number of replies not yet taken.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _replies.Count;
            }
        }
    }

    /// <summary>Adds replies to the end of the queue.</summary>
    /// <param name="replies">The replies, taken in this order.</param>
    public void Enqueue(params ScriptedReply[] replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        lock (_gate)
        {
            foreach (var reply in replies)
            {
                ArgumentNullException.ThrowIfNull(reply, nameof(replies));
                _replies.Enqueue(reply);
            }
        }
    }

    /// <summary>Removes every reply not yet taken.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _replies.Clear();
        }
    }

    internal bool TryDequeue(out ScriptedReply reply)
    {
        lock (_gate)
        {
            return _replies.TryDequeue(out reply!);
        }
    }
}
