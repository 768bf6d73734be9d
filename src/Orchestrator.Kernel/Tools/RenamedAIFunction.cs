using Microsoft.Extensions.AI;

namespace Orchestrator.Tools;

/// <summary>Exposes a function under another name (a prefix that keeps two servers' tools apart); calls go to the original.</summary>
internal sealed class RenamedAIFunction(AIFunction inner, string name) : DelegatingAIFunction(inner)
{
    public override string Name => name;
}
