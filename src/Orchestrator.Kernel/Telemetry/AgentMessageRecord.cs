namespace Orchestrator.Telemetry;

/// <summary>One message between agents as it is logged (the multi-agent runtime hands these to <see cref="IAgentMessageSink"/>).</summary>
public sealed record AgentMessageRecord
{
    /// <summary>Gets the unique id of the message (the de-duplication key of sinks).</summary>
    public required string MessageId { get; init; }

    /// <summary>Gets the conversation (or workflow run) the message belongs to.</summary>
    public required string ConversationId { get; init; }

    /// <summary>Gets the agent that sent it.</summary>
    public required string Sender { get; init; }

    /// <summary>Gets the agent it was sent to, or <see langword="null"/> for a broadcast.</summary>
    public string? Recipient { get; init; }

    /// <summary>Gets the kind of message (text, tool_call, tool_result, handoff...).</summary>
    public string MessageType { get; init; } = "text";

    /// <summary>Gets the message text.</summary>
    public string Content { get; init; } = string.Empty;

    /// <summary>Gets the token count of the content, when known.</summary>
    public int Tokens { get; init; }

    /// <summary>Gets what producing the message cost, in USD (0 for messages no model call produced).</summary>
    public decimal CostUsd { get; init; }

    /// <summary>Gets the W3C trace id of the ambient activity, if any.</summary>
    public string? TraceId { get; init; }

    /// <summary>Gets the workflow the message belongs to.</summary>
    public string? WorkflowId { get; init; }

    /// <summary>Gets the version of that workflow.</summary>
    public string? WorkflowVersion { get; init; }

    /// <summary>Gets when the message was sent.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
