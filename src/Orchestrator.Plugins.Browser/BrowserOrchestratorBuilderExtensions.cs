using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.DependencyInjection;
using Orchestrator.Judging;
using Orchestrator.Plugins.Browser;
using Orchestrator.Plugins.Browser.Planning;
using Orchestrator.Plugins.Browser.Safety;
using Orchestrator.Plugins.Browser.Session;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, as in Microsoft.Extensions.*.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Adds the guarded browser and its kernel plugin to Orchestrator.</summary>
public static class BrowserOrchestratorBuilderExtensions
{
    /// <summary>
    /// Registers the browser (<see cref="BrowserHost"/>, one process shared by all tasks), the task runner planning with the
    /// unkeyed <see cref="IChatClient"/> (the router), an <see cref="ILlmJudge"/> over the same client unless one is registered,
    /// and <see cref="BrowserPlugin"/>. Options bind from <c>Orchestrator:Browser</c> and are validated at start.
    /// </summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <param name="configuration">The configuration root holding <c>Orchestrator:Browser</c>, or null.</param>
    /// <param name="configure">Adjusts the options in code after binding, or null.</param>
    /// <returns>The same builder.</returns>
    public static OrchestratorBuilder AddBrowser(this OrchestratorBuilder builder, IConfiguration? configuration = null, Action<BrowserOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<BrowserOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(BrowserOptions.SectionName));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BrowserOptions>, BrowserOptionsValidator>());
        services.TryAddSingleton<IHostResolver, SystemHostResolver>();
        services.TryAddSingleton<ILlmJudge>(sp => new LlmJudge(sp.GetRequiredService<IChatClient>()));
        services.TryAddSingleton(sp => new BrowserHost(
            sp.GetRequiredService<IOptions<BrowserOptions>>().Value,
            sp.GetRequiredService<IHostResolver>(),
            sp.GetRequiredService<ILogger<BrowserHost>>()));
        services.TryAddSingleton(sp => new BrowserTaskRunner(
            sp.GetRequiredService<BrowserHost>(),
            sp.GetRequiredService<IChatClient>(),
            sp.GetRequiredService<IOptions<BrowserOptions>>().Value,
            sp.GetService<ILlmJudge>(),
            sp.GetRequiredService<ILogger<BrowserTaskRunner>>()));
        services.TryAddSingleton<BrowserPlugin>();
        return builder;
    }
}
