namespace Orchestrator.Agents;

/// <summary>Why a group run stopped (<see cref="AgentGroupResult.Reason"/>, <see cref="WorkflowRunRecord.TerminationReason"/>).</summary>
public static class TerminationReasons
{
    /// <summary>The pattern ran to its natural end.</summary>
    public const string Completed = "completed";

    /// <summary>The run reached its turn limit.</summary>
    public const string MaxTurns = "max_turns";

    /// <summary>The run used its token allowance.</summary>
    public const string MaxTokens = "max_tokens";

    /// <summary>The run spent its cost allowance.</summary>
    public const string MaxCost = "max_cost";

    /// <summary>An agent's output contained the stop text.</summary>
    public const string TextMatch = "text_match";

    /// <summary>An agent called the stop tool.</summary>
    public const string ToolCallMatch = "tool_call_match";

    /// <summary>The run lasted its time limit.</summary>
    public const string Timeout = "timeout";

    /// <summary>The judge scored the latest output at or above the threshold.</summary>
    public const string JudgeApproved = "judge_approved";

    /// <summary>The caller's stop signal fired.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>A budget pool refused a model call.</summary>
    public const string BudgetExceeded = "budget_exceeded";

    /// <summary>A model call or tool failed and the run could not go on.</summary>
    public const string Failed = "failed";

    /// <summary>
    /// Tells whether a run that stopped for <paramref name="reason"/> counts as a success for experiments: it finished
    /// without error and was not stopped by a budget, an allowance or a timeout.
    /// </summary>
    /// <param name="reason">The termination reason.</param>
    /// <returns><see langword="true"/> for a successful stop.</returns>
    public static bool IsSuccess(string reason) =>
        reason is Completed or MaxTurns or TextMatch or ToolCallMatch or JudgeApproved;
}
