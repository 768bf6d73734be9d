using Microsoft.Extensions.AI;
using Orchestrator.Catalog;
using Orchestrator.Providers;
using Orchestrator.Usage;

namespace Orchestrator.Budgets;

/// <summary>Puts the budget gate around every provider model's metered client (see docs/decisions/0003-budget-reservations.md).</summary>
internal sealed class BudgetClientDecorator : IModelClientDecorator
{
    private readonly BudgetGate _gate;
    private readonly ITokenEstimator _estimator;
    private readonly int _defaultMaxOutputTokens;

    public BudgetClientDecorator(BudgetGate gate, ITokenEstimator estimator, int defaultMaxOutputTokens)
    {
        _gate = gate;
        _estimator = estimator;
        _defaultMaxOutputTokens = defaultMaxOutputTokens;
    }

    public IChatClient Decorate(IChatClient client, ProviderDescriptor provider, ModelDescriptor model) =>
        new BudgetChatClient(client, model, _gate, _estimator, _defaultMaxOutputTokens);
}
