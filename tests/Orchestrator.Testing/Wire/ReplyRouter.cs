using System.Collections.Concurrent;

namespace Orchestrator.Testing.Wire;

/// <summary>Chooses the reply for a chat request: the model's own queue, then the server-wide queue, then the default.</summary>
internal sealed class ReplyRouter
{
    private readonly ConcurrentDictionary<string, WireScript> _byModel = new(StringComparer.Ordinal);
    private ScriptedReply? _defaultReply;

    public WireScript Shared { get; } = new(model: null);

    public ScriptedReply? DefaultReply
    {
        get => Volatile.Read(ref _defaultReply);
        set => Volatile.Write(ref _defaultReply, value);
    }

    public int PendingCount => Shared.Count + _byModel.Values.Sum(queue => queue.Count);

    public WireScript ForModel(string model) => _byModel.GetOrAdd(model, static name => new WireScript(name));

    /// <summary>Takes the next reply for <paramref name="request"/> and resolves computed replies; <see langword="null"/> when nothing is scripted.</summary>
    public ScriptedReply? Next(RecordedRequest request)
    {
        ScriptedReply? reply = null;
        if (request.Model is { } model && _byModel.TryGetValue(model, out var own) && own.TryDequeue(out var mine))
        {
            reply = mine;
        }
        else if (Shared.TryDequeue(out var shared))
        {
            reply = shared;
        }
        else
        {
            reply = DefaultReply;
        }

        // A computed reply may itself return a computed reply; a bound keeps a mistake from spinning forever.
        for (var depth = 0; reply?.Factory is { } factory; depth++)
        {
            if (depth == 8)
            {
                throw new InvalidOperationException("A computed ScriptedReply kept returning computed replies; return a concrete reply.");
            }

            reply = factory(request);
        }

        return reply;
    }
}
