namespace Orchestrator.Agents;

/// <summary>
/// Fires once every child has fired at least once; each child's firing is remembered for the rest of the run. It keeps
/// that memory itself, so give each concurrent run its own instance (pass it in <see cref="AgentGroupRunOptions.Termination"/>).
/// </summary>
internal sealed class AllTermination : TerminationCondition
{
    private readonly TerminationCondition[] _conditions;
    private readonly string?[] _fired;

    public AllTermination(TerminationCondition[] conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        _conditions = [.. conditions.Select(c => c ?? throw new ArgumentException("A termination condition is null.", nameof(conditions)))];
        _fired = new string?[_conditions.Length];
    }

    public override IDisposable? Start(TerminationContext context)
    {
        Array.Clear(_fired);
        return Registrations.Of(_conditions.Select((c, i) => c.Start(context.WithStop(reason =>
        {
            if (Latch(i, reason) is { } all)
            {
                context.Stop(all);
            }
        }))));
    }

    public override string? CheckProgress(RunProgress progress)
    {
        string? result = null;
        for (var i = 0; i < _conditions.Length; i++)
        {
            result = Latch(i, _conditions[i].CheckProgress(progress)) ?? result;
        }

        return result;
    }

    public override string? CheckToolCall(RunProgress progress, string toolName)
    {
        string? result = null;
        for (var i = 0; i < _conditions.Length; i++)
        {
            result = Latch(i, _conditions[i].CheckToolCall(progress, toolName)) ?? result;
        }

        return result;
    }

    public override async ValueTask<string?> CheckMessageAsync(RunProgress progress, AgentMessage message, CancellationToken cancellationToken = default)
    {
        string? result = null;
        for (var i = 0; i < _conditions.Length; i++)
        {
            result = Latch(i, await _conditions[i].CheckMessageAsync(progress, message, cancellationToken).ConfigureAwait(false)) ?? result;
        }

        return result;
    }

    /// <summary>Remembers a child's reason; returns the reason to stop when that completes the set.</summary>
    private string? Latch(int index, string? reason)
    {
        lock (_fired)
        {
            if (reason is not null)
            {
                _fired[index] ??= reason;
            }

            return reason is not null && _fired.All(f => f is not null) ? reason : null;
        }
    }
}
