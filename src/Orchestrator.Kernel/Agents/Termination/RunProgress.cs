namespace Orchestrator.Agents;

/// <summary>
/// The live state of a group run that termination conditions read: turns, tokens and cost so far (the turn in flight
/// included, estimated from what it has streamed), elapsed time and the text being streamed.
/// </summary>
public sealed class RunProgress
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly long _started;
    private long _completedTokens;
    private decimal _completedCost;
    private readonly Dictionary<string, (long Tokens, decimal Cost)> _inflight = new(StringComparer.Ordinal);

    internal RunProgress(string runId, string input, int turns, long tokens, decimal cost, TimeProvider time)
    {
        RunId = runId;
        Input = input;
        Turns = turns;
        _completedTokens = tokens;
        _completedCost = cost;
        _time = time;
        _started = time.GetTimestamp();
    }

    /// <summary>Gets the run id.</summary>
    public string RunId { get; }

    /// <summary>Gets the run's input (the task the group works on).</summary>
    public string Input { get; }

    /// <summary>Gets the number of agent turns finished.</summary>
    public int Turns { get; private set; }

    /// <summary>Gets the tokens used so far: finished calls as metered, plus the estimate of the turn streaming now.</summary>
    public long Tokens
    {
        get
        {
            lock (_gate)
            {
                return _completedTokens + _inflight.Values.Sum(v => v.Tokens);
            }
        }
    }

    /// <summary>Gets the cost so far, in USD, counted like <see cref="Tokens"/>.</summary>
    public decimal CostUsd
    {
        get
        {
            lock (_gate)
            {
                return _completedCost + _inflight.Values.Sum(v => v.Cost);
            }
        }
    }

    /// <summary>Gets how long the run has lasted (this process's part of it, for a resumed run).</summary>
    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    /// <summary>Gets the agent whose turn streamed last, if one is streaming.</summary>
    public string? CurrentAgent { get; private set; }

    /// <summary>Gets the text that agent's turn has streamed so far.</summary>
    public string CurrentText { get; private set; } = string.Empty;

    /// <summary>Gets the judge's latest score, when a judge scored an output.</summary>
    public double? JudgeScore { get; internal set; }

    internal void BeginTurn(string agent)
    {
        CurrentAgent = agent;
        CurrentText = string.Empty;
    }

    /// <summary>Updates the estimate of a turn in flight (concurrent turns each have their own).</summary>
    internal void Streamed(string agent, string text, long inflightTokens, decimal inflightCost)
    {
        CurrentAgent = agent;
        CurrentText = text;
        lock (_gate)
        {
            _inflight[agent] = (inflightTokens, inflightCost);
        }
    }

    /// <summary>Replaces the in-flight estimate of a turn with the metered usage of its calls.</summary>
    internal void Settle(string agent, long tokens, decimal cost, bool countsAsTurn)
    {
        lock (_gate)
        {
            _completedTokens += tokens;
            _completedCost += cost;
            _inflight.Remove(agent);
            if (countsAsTurn)
            {
                Turns++;
            }
        }

        CurrentAgent = null;
    }

    /// <summary>Adds model calls made outside agent turns (speaker selection, the judge).</summary>
    internal void AddOverhead(long tokens, decimal cost)
    {
        lock (_gate)
        {
            _completedTokens += tokens;
            _completedCost += cost;
        }
    }
}
