using Microsoft.SemanticKernel;
using Orchestrator.Telemetry;

namespace Orchestrator.Filters;

/// <summary>
/// Totals the model calls made while a kernel function runs (a prompt function, or a plugin that calls a model) and
/// adds the usage and cost to the function result's metadata under <see cref="OrchestratorChatProperties.Usage"/>.
/// </summary>
public sealed class CostScopeFunctionFilter : IFunctionInvocationFilter
{
    /// <inheritdoc />
    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        using var scope = InvocationScope.Begin();
        await next(context).ConfigureAwait(false);
        if (scope.Calls == 0)
        {
            return;
        }

        var result = context.Result;
        var metadata = result.Metadata is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>(result.Metadata);
        metadata[OrchestratorChatProperties.Usage] = scope.Usage;
        context.Result = new FunctionResult(result.Function, result.GetValue<object>(), result.Culture, metadata);
    }
}
