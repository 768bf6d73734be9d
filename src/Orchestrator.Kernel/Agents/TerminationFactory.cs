using Orchestrator.Judging;

namespace Orchestrator.Agents;

/// <summary>Builds the condition of a <see cref="TerminationDefinition"/>: any of the conditions it sets.</summary>
public static class TerminationFactory
{
    /// <summary>Builds the conditions a definition sets, as one that fires when any of them does.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="judge">The judge, needed when the definition sets a judge threshold.</param>
    /// <param name="defaultMaxTurns">The turn cap used when the definition sets none, or <see langword="null"/> for no cap.</param>
    /// <returns>The condition.</returns>
    /// <exception cref="ArgumentException">A value is out of range, or a judge threshold is set without a judge.</exception>
    public static TerminationCondition Create(TerminationDefinition definition, ILlmJudge? judge = null, int? defaultMaxTurns = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var conditions = new List<TerminationCondition>();
        if ((definition.MaxTurns ?? defaultMaxTurns) is { } turns)
        {
            conditions.Add(new MaxTurnsTermination(turns));
        }

        if (definition.MaxTokens is { } tokens)
        {
            conditions.Add(new MaxTokensTermination(tokens));
        }

        if (definition.MaxCostUsd is { } cost)
        {
            conditions.Add(new MaxCostTermination(cost));
        }

        if (definition.TextMatch is { } text)
        {
            conditions.Add(new TextMatchTermination(text));
        }

        if (definition.ToolCallMatch is { } tool)
        {
            conditions.Add(new ToolCallTermination(tool));
        }

        if (definition.Timeout is { } timeout)
        {
            conditions.Add(new TimeoutTermination(timeout));
        }

        if (definition.JudgeApprovalThreshold is { } threshold)
        {
            conditions.Add(new JudgeApprovalTermination(
                judge ?? throw new ArgumentException("The termination sets JudgeApprovalThreshold but no ILlmJudge is registered (AddAgents registers one over the router).", nameof(judge)),
                threshold));
        }

        return conditions.Count == 1 ? conditions[0] : TerminationCondition.Any([.. conditions]);
    }
}
