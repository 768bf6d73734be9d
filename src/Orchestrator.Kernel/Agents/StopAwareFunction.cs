using Microsoft.Extensions.AI;

namespace Orchestrator.Agents;

/// <summary>
/// A tool as a group run hands it to an agent: once the run is stopped (a tool-call match, a timeout, any condition) it
/// no longer runs. The function-invoking client calls tools after the model's stream ends, so a stop that fired on the
/// streamed call itself would otherwise come too late.
/// </summary>
internal sealed class StopAwareFunction(AIFunction inner) : DelegatingAIFunction(inner)
{
    public static IReadOnlyList<AITool> Wrap(IEnumerable<AITool> tools) =>
        [.. tools.Select(t => t is AIFunction function and not StopAwareFunction ? new StopAwareFunction(function) : t)];

    protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return base.InvokeCoreAsync(arguments, cancellationToken);
    }
}
