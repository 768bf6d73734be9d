using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Orchestrator.DependencyInjection;
using Orchestrator.Providers;
using Orchestrator.Usage;

namespace Orchestrator.Budgets;

/// <summary>Registers the budget gate, its middleware and filters; the backend packages choose the ledger.</summary>
internal static class BudgetRegistration
{
    public static OrchestratorBuilder AddBudgetsCore(OrchestratorBuilder builder, OptionsBuilder<BudgetOptions> options, Func<IServiceProvider, BudgetOptions, IBudgetLedger> ledger)
    {
        var services = builder.Services;
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BudgetOptions>, BudgetOptionsValidator>());
        services.TryAddSingleton(sp => ledger(sp, sp.GetRequiredService<IOptions<BudgetOptions>>().Value));
        services.TryAddSingleton(sp => new BudgetLimits(sp.GetRequiredService<IOptions<BudgetOptions>>().Value.Limits));
        services.TryAddSingleton(sp => new BudgetEvents(
            sp.GetServices<IBudgetAlertObserver>(),
            sp.GetRequiredService<ILogger<BudgetEvents>>(),
            sp.GetService<IMeterFactory>(),
            sp.GetRequiredService<IOptions<BudgetOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new BudgetGate(
            sp.GetRequiredService<IBudgetLedger>(),
            sp.GetRequiredService<BudgetLimits>(),
            sp.GetRequiredService<IOptions<BudgetOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<BudgetEvents>(),
            sp.GetRequiredService<ILogger<BudgetGate>>()));
        services.AddSingleton<IModelClientDecorator>(sp => new BudgetClientDecorator(
            sp.GetRequiredService<BudgetGate>(),
            sp.GetRequiredService<ITokenEstimator>(),
            sp.GetRequiredService<IOptions<BudgetOptions>>().Value.DefaultMaxOutputTokens));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, BudgetSnapshotService>(sp => new BudgetSnapshotService(
            sp.GetRequiredService<BudgetGate>(),
            sp.GetRequiredService<BudgetEvents>(),
            sp.GetServices<IBudgetPoolMirror>(),
            sp.GetRequiredService<IOptions<BudgetOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<BudgetSnapshotService>>())));
        services.TryAddSingleton(sp => new BudgetFunctionFilter(sp.GetRequiredService<BudgetGate>()));
        services.AddSingleton<IFunctionInvocationFilter>(sp => sp.GetRequiredService<BudgetFunctionFilter>());
        services.AddSingleton<IAutoFunctionInvocationFilter>(sp => sp.GetRequiredService<BudgetFunctionFilter>());
        return builder;
    }
}
