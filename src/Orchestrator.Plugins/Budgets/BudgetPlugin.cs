using System.ComponentModel;
using Microsoft.SemanticKernel;
using Orchestrator.Catalog;
using Orchestrator.Usage;

namespace Orchestrator.Budgets;

/// <summary>
/// Semantic Kernel plugin that lets an agent see and plan within its budget: <c>status</c> (the caller's limited
/// pools) and <c>estimate_cost</c> (a call priced from the catalog, and whether every pool it would count against can
/// cover it). It answers for the subject on the current flow only (<see cref="BudgetContext"/>, set by the budget
/// kernel filter from the <c>user_id</c> / <c>team_id</c> arguments), never for a user the model names, so a prompt
/// cannot turn it into a way to read other users' spend. It changes nothing: limits are set through the budget API.
/// </summary>
public sealed class BudgetPlugin
{
    private readonly BudgetGate _gate;
    private readonly ModelCatalog _catalog;

    /// <summary>Initializes a new instance of the <see cref="BudgetPlugin"/> class.</summary>
    /// <param name="gate">The budget gate whose ledger and limits are read.</param>
    /// <param name="catalog">The model catalog, for prices and tiers.</param>
    public BudgetPlugin(BudgetGate gate, ModelCatalog catalog)
    {
        _gate = gate ?? throw new ArgumentNullException(nameof(gate));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
    }

    /// <summary>Reads the caller's pools that have a limit.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One entry per limited pool (user, team, global; tier pools need a model: see <see cref="EstimateCostAsync"/>).</returns>
    [KernelFunction("status"), Description("The caller's budget pools that have a limit: pool, period, limit, spent, reserved and remaining US dollars, and utilization percent.")]
    public async Task<IReadOnlyList<BudgetPoolReport>> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var status = await _gate.GetStatusAsync(Caller(tier: null), cancellationToken).ConfigureAwait(false);
        return [.. status.Where(s => s.Limit is not null).Select(BudgetPoolReport.From)];
    }

    /// <summary>Prices a call at catalog list prices and checks it against every limited pool it would count against.</summary>
    /// <param name="model">The model: <c>provider/model</c>, or a model id that only one provider serves.</param>
    /// <param name="inputTokens">Prompt tokens.</param>
    /// <param name="outputTokens">Tokens to generate.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The cost, and whether it fits.</returns>
    /// <exception cref="ArgumentException">The model is unknown, ambiguous or unpriced, or a token count is negative.</exception>
    [KernelFunction("estimate_cost"), Description("Price a call at catalog list prices (US dollars) and say whether the caller's budget pools can cover it.")]
    public async Task<CostEstimate> EstimateCostAsync(
        [Description("The model, as provider/model (e.g. openai/gpt-4o-mini) or a model id only one provider serves.")] string model,
        [Description("Prompt tokens.")] long inputTokens,
        [Description("Tokens to generate.")] long outputTokens,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(outputTokens);
        var descriptor = Resolve(model);
        var cost = CostCalculator.Compute(descriptor, inputTokens, outputTokens, 0);
        var status = await _gate.GetStatusAsync(Caller(descriptor.Tier), cancellationToken).ConfigureAwait(false);
        var shortPools = status.Where(s => s.Remaining is { } remaining && remaining < cost).Select(BudgetPoolReport.From).ToList();
        return new CostEstimate(descriptor.Key, descriptor.Tier, cost, shortPools.Count == 0, shortPools);
    }

    private static BudgetSubject Caller(int? tier)
    {
        var current = BudgetContext.Current;
        return new BudgetSubject(current?.UserId, current?.TeamId, tier);
    }

    private ModelDescriptor Resolve(string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        var slash = model.IndexOf('/', StringComparison.Ordinal);
        ModelDescriptor descriptor;
        if (slash > 0 && _catalog.TryGet(model[..slash], model[(slash + 1)..], out var exact))
        {
            descriptor = exact;
        }
        else
        {
            var matches = _catalog.Models.Where(m => string.Equals(m.Id, model, StringComparison.OrdinalIgnoreCase)).ToList();
            descriptor = matches.Count switch
            {
                1 => matches[0],
                0 => throw new ArgumentException($"Model '{model}' is not in the model catalog; give provider/model as the catalog lists it (Orchestrator:Models adds entries).", nameof(model)),
                _ => throw new ArgumentException($"Model '{model}' is served by several providers ({string.Join(", ", matches.Select(m => m.Key))}); give provider/model.", nameof(model)),
            };
        }

        return descriptor.InputPricePerMillion is null && descriptor.OutputPricePerMillion is null && !descriptor.Local
            ? throw new ArgumentException($"Model '{descriptor.Key}' has no price in the catalog, so its cost cannot be estimated; add InputPricePerMillion and OutputPricePerMillion under Orchestrator:Models.", nameof(model))
            : descriptor;
    }
}

/// <summary>One budget pool as the budget plugin reports it.</summary>
/// <param name="Pool">The pool id, e.g. <c>user:alice:daily</c>.</param>
/// <param name="Period">The period key, e.g. <c>2026-11-25</c>.</param>
/// <param name="Limit">The cap in US dollars.</param>
/// <param name="Spent">Spent this period.</param>
/// <param name="Reserved">Held by calls in flight.</param>
/// <param name="Remaining">What is left.</param>
/// <param name="UtilizationPercent">Spent as a percentage of the cap.</param>
public sealed record BudgetPoolReport(string Pool, string Period, decimal? Limit, decimal Spent, decimal Reserved, decimal? Remaining, decimal? UtilizationPercent)
{
    internal static BudgetPoolReport From(BudgetPoolStatus status) =>
        new(status.Pool.Id, status.PeriodKey, status.Limit, status.Spent, status.Reserved, status.Remaining, status.UtilizationPercent);
}

/// <summary>A priced call and whether the caller's budget covers it.</summary>
/// <param name="Model">The catalog key of the model priced.</param>
/// <param name="Tier">The model's tier (its tier pools were checked).</param>
/// <param name="CostUsd">The call's cost at list prices.</param>
/// <param name="Fits">Whether every limited pool has at least that much left.</param>
/// <param name="ShortPools">The pools that do not.</param>
public sealed record CostEstimate(string Model, int Tier, decimal CostUsd, bool Fits, IReadOnlyList<BudgetPoolReport> ShortPools);
