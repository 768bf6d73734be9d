using Microsoft.Extensions.Options;

namespace Orchestrator.Hosting.Gateway;

/// <summary>Checks the gateway settings at start, naming each bad setting and its fix.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        if (options.KeyCacheSeconds is < 0 or > 3600)
        {
            failures.Add($"{GatewayOptions.SectionName}:KeyCacheSeconds is {options.KeyCacheSeconds}; use 0 (no cache) to 3600. It bounds how long a key revoked elsewhere still works here.");
        }

        if (options.DefaultRateLimitPerMinute < 0)
        {
            failures.Add($"{GatewayOptions.SectionName}:DefaultRateLimitPerMinute is {options.DefaultRateLimitPerMinute}; use 0 (unlimited) or a positive number.");
        }

        if (string.IsNullOrWhiteSpace(options.Postgres) && string.IsNullOrWhiteSpace(options.SqlitePath))
        {
            failures.Add($"{GatewayOptions.SectionName}: set Postgres (a connection string) or SqlitePath for the key store.");
        }

        if (options.AdminToken.Length is > 0 and < 16)
        {
            failures.Add($"{GatewayOptions.SectionName}:AdminToken is shorter than 16 characters; use a long random secret.");
        }

        if (options.Embeddings.InputPricePerMillion < 0 || options.Embeddings.Tier < 0 || string.IsNullOrWhiteSpace(options.Embeddings.Provider))
        {
            failures.Add($"{GatewayOptions.SectionName}:Embeddings needs InputPricePerMillion >= 0, Tier >= 0 and a Provider name; got {options.Embeddings.InputPricePerMillion}, {options.Embeddings.Tier}, '{options.Embeddings.Provider}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
