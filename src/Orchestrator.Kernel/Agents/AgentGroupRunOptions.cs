namespace Orchestrator.Agents;

/// <summary>Per-run settings of an <see cref="AgentGroup"/> run.</summary>
public sealed class AgentGroupRunOptions
{
    /// <summary>Gets or sets the run id (the <c>agent_messages.conversation_id</c>); <see langword="null"/> generates one.</summary>
    public string? RunId { get; set; }

    /// <summary>Gets or sets the user the run is for: its budget pools apply to every agent turn, and it is the experiment key by default.</summary>
    public string? UserId { get; set; }

    /// <summary>Gets or sets the team the run is for (team budget pools).</summary>
    public string? TeamId { get; set; }

    /// <summary>Gets or sets the workflow version that runs (logged with every call and on the run record).</summary>
    public string? WorkflowVersion { get; set; }

    /// <summary>Gets or sets the key an experiment split on; defaults to <see cref="UserId"/>.</summary>
    public string? SubjectKey { get; set; }

    /// <summary>Gets or sets a token that stops the run gracefully (reason <c>cancelled</c>, partial result returned).</summary>
    public CancellationToken StopToken { get; set; }

    /// <summary>Gets or sets a condition added to the definition's (any of them stops the run).</summary>
    public TerminationCondition? Termination { get; set; }

    /// <summary>Gets or sets a value indicating whether the judge scores the final output (recorded on the result and the run record).</summary>
    public bool JudgeFinalOutput { get; set; }

    /// <summary>Gets or sets a value indicating whether agents' outputs stream token by token (<see cref="AgentTokenEvent"/>); on by default.</summary>
    public bool StreamTokens { get; set; } = true;
}
