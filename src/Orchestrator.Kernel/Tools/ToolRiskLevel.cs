namespace Orchestrator.Tools;

/// <summary>What a tool can do to the world, which decides how much care a call needs.</summary>
public enum ToolRiskLevel
{
    /// <summary>Only reads (search, lookups); calling it twice changes nothing.</summary>
    ReadOnly,

    /// <summary>Writes state Orchestrator controls (files in a sandbox, memory entries).</summary>
    Writes,

    /// <summary>Acts outside (sends mail, pays, browses the open web); the safest assumption for an unknown tool.</summary>
    ExternalSideEffects,
}
