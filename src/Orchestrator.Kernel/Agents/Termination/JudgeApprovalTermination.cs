using Orchestrator.Judging;

namespace Orchestrator.Agents;

/// <summary>
/// Asks the judge to score every finished agent message against the run's input and stops when a score reaches the
/// threshold. The judge's model call goes through its own client (typically the router, so it is budgeted and logged).
/// A judge that gives no usable verdict does not stop the run.
/// </summary>
public sealed class JudgeApprovalTermination : TerminationCondition
{
    /// <summary>The criteria used when none are given.</summary>
    public static readonly IReadOnlyList<string> DefaultCriteria = ["task completion", "completeness", "correctness against sources"];

    private readonly ILlmJudge _judge;
    private readonly IReadOnlyList<string> _criteria;
    private readonly Func<AgentMessage, bool>? _judges;

    /// <summary>Initializes the condition.</summary>
    /// <param name="judge">The judge.</param>
    /// <param name="threshold">The score (0-1) at or above which the run stops.</param>
    /// <param name="criteria">The criteria, or <see langword="null"/> for <see cref="DefaultCriteria"/>.</param>
    /// <param name="judges">Which messages to judge (for example only the writer's), or <see langword="null"/> for all.</param>
    public JudgeApprovalTermination(ILlmJudge judge, double threshold, IReadOnlyList<string>? criteria = null, Func<AgentMessage, bool>? judges = null)
    {
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 0d);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, 1d);
        _judge = judge;
        Threshold = threshold;
        _criteria = criteria ?? DefaultCriteria;
        _judges = judges;
    }

    /// <summary>Gets the approval threshold.</summary>
    public double Threshold { get; }

    /// <inheritdoc />
    public override async ValueTask<string?> CheckMessageAsync(RunProgress progress, AgentMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(message);
        if (message.Kind != "text" || message.Content.Length == 0 || (_judges is not null && !_judges(message)))
        {
            return null;
        }

        try
        {
            var verdict = await _judge.JudgeAsync(progress.Input, message.Content, _criteria, cancellationToken).ConfigureAwait(false);
            progress.JudgeScore = verdict.Score;
            return verdict.Score >= Threshold ? TerminationReasons.JudgeApproved : null;
        }
        catch (JudgeFailedException)
        {
            return null;
        }
    }
}
