using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.SemanticKernel;
using Orchestrator.Budgets;
using Orchestrator.Catalog;
using Orchestrator.DependencyInjection;
using Orchestrator.Plugins.Budgets.Redis;
using Orchestrator.Plugins.Budgets.Sqlite;
using StackExchange.Redis;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, as in Microsoft.Extensions.*.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Adds budgets to Orchestrator: the gate on every provider model, the kernel filters, and the ledger backend.</summary>
public static class BudgetsOrchestratorBuilderExtensions
{
    /// <summary>
    /// Adds budgets bound to <c>Orchestrator:Budgets</c>: the Redis ledger when <c>Redis</c> is set (or Backend is
    /// Redis), else the embedded SQLite ledger. An <see cref="IBudgetLedger"/> registered before this call is kept.
    /// </summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The builder, for chaining.</returns>
    public static OrchestratorBuilder AddBudgets(this OrchestratorBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = builder.Services.AddOptions<BudgetOptions>().Bind(configuration.GetSection(BudgetOptions.SectionName));
        builder.Services.TryAddSingleton<BudgetRedisConnection>();
        return BudgetRegistration.AddBudgetsCore(builder, options, CreateLedger);
    }

    /// <summary>Adds budgets configured in code.</summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder, for chaining.</returns>
    public static OrchestratorBuilder AddBudgets(this OrchestratorBuilder builder, Action<BudgetOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = builder.Services.AddOptions<BudgetOptions>().Configure(configure);
        builder.Services.TryAddSingleton<BudgetRedisConnection>();
        return BudgetRegistration.AddBudgetsCore(builder, options, CreateLedger);
    }

    /// <summary>
    /// Registers <see cref="BudgetPlugin"/> and adds it as a kernel plugin, so every <see cref="Kernel"/> built from this
    /// container (<c>services.AddKernel()</c> or <c>new Kernel(services)</c>) offers <c>status</c> and
    /// <c>estimate_cost</c> to its models. Call <c>AddBudgets</c> first.
    /// </summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <param name="pluginName">The plugin name the functions appear under.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="InvalidOperationException">Budgets are not added.</exception>
    public static OrchestratorBuilder AddBudgetPlugin(this OrchestratorBuilder builder, string pluginName = "budget")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(pluginName);
        if (!builder.Services.Any(d => d.ServiceType == typeof(BudgetGate)))
        {
            throw new InvalidOperationException("AddBudgetPlugin needs budgets: call AddBudgets(...) before it.");
        }

        builder.Services.TryAddSingleton(sp => new BudgetPlugin(sp.GetRequiredService<BudgetGate>(), sp.GetRequiredService<ModelCatalog>()));
        builder.Services.AddSingleton(sp => KernelPluginFactory.CreateFromObject(sp.GetRequiredService<BudgetPlugin>(), pluginName));
        return builder;
    }

    private static IBudgetLedger CreateLedger(IServiceProvider services, BudgetOptions options)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        if (options.Backend == "Redis" || (options.Backend == "Auto" && !string.IsNullOrWhiteSpace(options.Redis)))
        {
            var redis = services.GetService<IConnectionMultiplexer>() ?? services.GetRequiredService<BudgetRedisConnection>().Connection;
            return new RedisBudgetLedger(redis, time, zone, options.RedisKeyPrefix);
        }

        return new SqliteBudgetLedger($"Data Source={options.SqlitePath}", time, zone);
    }
}
