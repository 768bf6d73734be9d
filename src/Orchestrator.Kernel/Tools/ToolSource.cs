namespace Orchestrator.Tools;

/// <summary>Where a registered tool comes from.</summary>
public enum ToolSource
{
    /// <summary>A Semantic Kernel function (RAG, budget, browser plugins).</summary>
    KernelFunction,

    /// <summary>A tool of an MCP server, through the MCP client plugin.</summary>
    Mcp,

    /// <summary>An <see cref="Microsoft.Extensions.AI.AIFunction"/> the host defined.</summary>
    Host,
}
