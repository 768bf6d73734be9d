using Microsoft.SemanticKernel;

namespace Orchestrator.Budgets;

/// <summary>
/// Budgets in Semantic Kernel. As a function filter it names the user and team (kernel arguments <c>user_id</c> and
/// <c>team_id</c>) for every model call the function makes, so the per-model gate charges their pools. As an auto
/// function invocation filter it stops a tool-calling loop before the next tool runs once a pool has nothing left,
/// with <see cref="BudgetExceededException"/>, instead of running tools whose results no model call could use.
/// Arguments name the subject only where host code calls a function: a model's tool call (Semantic Kernel's auto
/// invocation, or Microsoft.Extensions.AI's function-invoking client under an agent) writes its own arguments, so a
/// <c>user_id</c> in them is ignored, as is one inside a flow whose subject is already set; otherwise a prompt could
/// move the charge to another user or read another user's budget.
/// </summary>
public sealed class BudgetFunctionFilter : IFunctionInvocationFilter, IAutoFunctionInvocationFilter
{
    /// <summary>The kernel argument naming the user.</summary>
    public const string UserIdArgument = "user_id";

    /// <summary>The kernel argument naming the team.</summary>
    public const string TeamIdArgument = "team_id";

    private static readonly AsyncLocal<bool> InToolCall = new();

    private readonly BudgetGate _gate;

    /// <summary>Initializes a new instance of the <see cref="BudgetFunctionFilter"/> class.</summary>
    /// <param name="gate">The budget gate.</param>
    public BudgetFunctionFilter(BudgetGate gate) => _gate = gate;

    /// <inheritdoc />
    /// <remarks>
    /// When a tool loop beneath this function was stopped for budget, throws the <see cref="BudgetExceededException"/>
    /// once the loop has returned.
    /// </remarks>
    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var stop = BudgetLoopStop.Enter();
        try
        {
            var subject = ArgumentsMayNameTheSubject() ? SubjectOf(context.Arguments) : null;
            using (subject is null ? null : BudgetContext.Use(subject.UserId, subject.TeamId))
            {
                await next(context).ConfigureAwait(false);
            }
        }
        finally
        {
            stop.Exit();
        }

        if (stop.Reason is { } reason)
        {
            throw reason;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Once a pool has nothing left, the tool does not run and the loop is terminated: no further tool and no further
    /// model call. The function result says which pool ran out; the kernel function that started the loop then throws
    /// <see cref="BudgetExceededException"/>. (Throwing here would not stop the loop: the function-invoking client
    /// reports a filter's exception to the model as a failed tool call and asks the model again.)
    /// </remarks>
    public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var subject = BudgetContext.Current ?? new BudgetSubject(null, null, null);
        var reason = await _gate.FindExhaustedAsync(subject, context.CancellationToken).ConfigureAwait(false);
        if (reason is null)
        {
            var outer = InToolCall.Value;
            InToolCall.Value = true;
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                InToolCall.Value = outer;
            }

            return;
        }

        BudgetLoopStop.Current?.Record(reason);
        context.Result = new FunctionResult(context.Function, reason.Message);
        context.Terminate = true;
    }

    private static bool ArgumentsMayNameTheSubject() =>
        BudgetContext.Current is null && !InToolCall.Value && Microsoft.Extensions.AI.FunctionInvokingChatClient.CurrentContext is null;

    private static BudgetSubject? SubjectOf(KernelArguments? arguments)
    {
        var user = Read(arguments, UserIdArgument);
        var team = Read(arguments, TeamIdArgument);
        return user is null && team is null ? null : new BudgetSubject(user, team, null);
    }

    private static string? Read(KernelArguments? arguments, string name) =>
        arguments is not null && arguments.TryGetValue(name, out var value) && value is not null ? value.ToString() : null;
}
