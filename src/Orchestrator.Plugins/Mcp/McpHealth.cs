namespace Orchestrator.Mcp;

/// <summary>The result of pinging an MCP server.</summary>
/// <param name="IsHealthy">Whether the server answered the ping in time.</param>
/// <param name="Latency">How long the ping took.</param>
/// <param name="Error">Why it is unhealthy, when it is.</param>
public sealed record McpHealth(bool IsHealthy, TimeSpan Latency, string? Error);
