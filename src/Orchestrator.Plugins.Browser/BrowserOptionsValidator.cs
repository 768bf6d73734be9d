using Microsoft.Extensions.Options;

namespace Orchestrator.Plugins.Browser;

/// <summary>Checks the browser options at start, beyond their data annotations.</summary>
internal sealed class BrowserOptionsValidator : IValidateOptions<BrowserOptions>
{
    private static readonly string[] Engines = ["chromium", "firefox", "webkit"];

    public ValidateOptionsResult Validate(string? name, BrowserOptions options)
    {
        var failures = new List<string>();
        if (!Engines.Contains(options.Engine, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"Orchestrator:Browser:Engine '{options.Engine}' is not chromium, firefox or webkit.");
        }

        if (!string.IsNullOrWhiteSpace(options.ExecutablePath) && !File.Exists(options.ExecutablePath))
        {
            failures.Add($"Orchestrator:Browser:ExecutablePath '{options.ExecutablePath}' does not exist; install the browser (Debian: apt-get install chromium). Playwright's browser download is not used.");
        }

        foreach (var endpoint in options.AllowedPrivateEndpoints)
        {
            var colon = endpoint.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
            {
                failures.Add($"Orchestrator:Browser:AllowedPrivateEndpoints entry '{endpoint}' must be host:port.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
