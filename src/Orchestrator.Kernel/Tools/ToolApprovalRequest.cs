namespace Orchestrator.Tools;

/// <summary>A tool call waiting for approval.</summary>
/// <param name="Workbench">The workbench it is made through.</param>
/// <param name="AgentName">The agent making it.</param>
/// <param name="Tool">The tool.</param>
/// <param name="Arguments">The arguments the model chose.</param>
public sealed record ToolApprovalRequest(string Workbench, string AgentName, ToolDescriptor Tool, IReadOnlyDictionary<string, object?> Arguments);
