using Microsoft.Extensions.AI;

namespace Orchestrator.Tools;

/// <summary>A tool as an agent sees it: every call goes through its workbench's checks (approval, budget) and is logged.</summary>
internal sealed class WorkbenchFunction(AIFunction inner, WorkbenchCatalog catalog, string workbench, string agentName) : DelegatingAIFunction(inner)
{
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var result = await catalog.InvokeAsync(workbench, agentName, Name, arguments, cancellationToken).ConfigureAwait(false);
        return result.IsRefused ? result.Message : result.Value;
    }
}
