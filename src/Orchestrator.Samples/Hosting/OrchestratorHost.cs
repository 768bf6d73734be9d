using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Configuration;

namespace Orchestrator.Samples.Hosting;

/// <summary>
/// Builds the sample host's services. Configuration precedence, lowest first: appsettings.json beside the binary,
/// the --config file, environment variables (Orchestrator__Providers__openai__Enabled=true, OPENAI_API_KEY), then flags.
/// </summary>
internal static class OrchestratorHost
{
    public static ServiceProvider Build(HostSettings settings, IDictionary<string, string?>? flagOverrides = null)
    {
        var overrides = new Dictionary<string, string?>(flagOverrides ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase);
        if (settings.Private)
        {
            overrides["Orchestrator:PrivacyMode"] = "true";
        }

        var configuration = LoadConfiguration(settings.ConfigFile, overrides);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging =>
        {
            logging.AddConfiguration(configuration.GetSection("Logging"));
            logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            if (settings.Verbose)
            {
                logging.SetMinimumLevel(LogLevel.Debug);
                logging.AddFilter("Orchestrator", LogLevel.Debug);
            }
        });
        services.AddOrchestrator(configuration).AddStandardProviders().AddLlamaSharpProvider().AddAgents(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        try
        {
            // ValidateOnStart runs in hosts; a console tool validates explicitly so bad settings fail before any call.
            _ = provider.GetRequiredService<IOptions<OrchestratorOptions>>().Value;
        }
        catch
        {
            provider.Dispose();
            throw;
        }

        return provider;
    }

    /// <summary>appsettings.json beside the binary, then <paramref name="configFile"/>, the environment and <paramref name="overrides"/>.</summary>
    public static IConfigurationRoot LoadConfiguration(string? configFile = null, IDictionary<string, string?>? overrides = null)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        if (configFile is not null)
        {
            if (!File.Exists(configFile))
            {
                throw new OrchestratorConfigurationException("--config", $"settings file '{configFile}' does not exist.");
            }

            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        return builder.AddEnvironmentVariables().AddInMemoryCollection(overrides ?? new Dictionary<string, string?>()).Build();
    }
}
