namespace Orchestrator.Agents;

/// <summary>Fires when any child fires.</summary>
internal sealed class AnyTermination : TerminationCondition
{
    private readonly TerminationCondition[] _conditions;

    public AnyTermination(TerminationCondition[] conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        _conditions = [.. conditions.Select(c => c ?? throw new ArgumentException("A termination condition is null.", nameof(conditions)))];
    }

    public override IDisposable? Start(TerminationContext context) => Registrations.Of(_conditions.Select(c => c.Start(context)));

    public override string? CheckProgress(RunProgress progress) => _conditions.Select(c => c.CheckProgress(progress)).FirstOrDefault(r => r is not null);

    public override string? CheckToolCall(RunProgress progress, string toolName) =>
        _conditions.Select(c => c.CheckToolCall(progress, toolName)).FirstOrDefault(r => r is not null);

    public override async ValueTask<string?> CheckMessageAsync(RunProgress progress, AgentMessage message, CancellationToken cancellationToken = default)
    {
        foreach (var condition in _conditions)
        {
            if (await condition.CheckMessageAsync(progress, message, cancellationToken).ConfigureAwait(false) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }
}
