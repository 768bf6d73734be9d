using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace Orchestrator.Tools;

/// <summary>
/// A kernel function as a tool named <c>plugin_function</c>, invoked through its kernel so the kernel's filters
/// (budget, cost scope) see every call.
/// </summary>
internal sealed class KernelToolFunction(Kernel kernel, KernelFunction function, string name) : AIFunction
{
    public override string Name => name;

    public override string Description => function.Description;

    public override JsonElement JsonSchema => function.JsonSchema;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var result = await function.InvokeAsync(kernel, new KernelArguments(arguments), cancellationToken).ConfigureAwait(false);
        return result.GetValue<object>();
    }
}
