namespace Orchestrator.Configuration;

/// <summary>
/// Raised when Orchestrator's configuration is wrong: an unknown provider type, a missing key,
/// a malformed base URL, a model missing from the catalog or a bad price.
/// </summary>
public sealed class OrchestratorConfigurationException : OrchestratorException
{
    /// <summary>Initializes a new instance of the <see cref="OrchestratorConfigurationException"/> class.</summary>
    /// <param name="setting">The configuration path of the offending setting, e.g. <c>Orchestrator:Providers:openai:BaseUrl</c>.</param>
    /// <param name="message">What is wrong and how to fix it.</param>
    public OrchestratorConfigurationException(string setting, string message)
        : base($"{setting}: {message}")
    {
        Setting = setting;
    }

    /// <summary>Gets the configuration path of the offending setting.</summary>
    public string Setting { get; }
}
