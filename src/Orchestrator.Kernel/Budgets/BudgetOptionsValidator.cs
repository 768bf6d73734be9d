using Microsoft.Extensions.Options;

namespace Orchestrator.Budgets;

/// <summary>Validates <c>Orchestrator:Budgets</c> at start, naming each bad setting.</summary>
internal sealed class BudgetOptionsValidator : IValidateOptions<BudgetOptions>
{
    public ValidateOptionsResult Validate(string? name, BudgetOptions options)
    {
        const string Path = BudgetOptions.SectionName;
        var failures = new List<string>();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            failures.Add($"{Path}:TimeZone: '{options.TimeZone}' is not a known time zone; use an IANA id such as 'UTC' or 'Europe/Paris'.");
        }

        if (options.Backend is not ("Auto" or "Embedded" or "Redis"))
        {
            failures.Add($"{Path}:Backend: '{options.Backend}' is not one of Auto, Embedded, Redis.");
        }

        if (options.Backend == "Redis" && string.IsNullOrWhiteSpace(options.Redis))
        {
            failures.Add($"{Path}:Redis: Backend is Redis but no connection string is set.");
        }

        if (options.ReservationTtlSeconds <= 0 || options.DefaultMaxOutputTokens <= 0)
        {
            failures.Add($"{Path}: ReservationTtlSeconds and DefaultMaxOutputTokens must be positive.");
        }

        if (!string.IsNullOrWhiteSpace(options.AlertWebhook) && !Uri.TryCreate(options.AlertWebhook, UriKind.Absolute, out _))
        {
            failures.Add($"{Path}:AlertWebhook: '{options.AlertWebhook}' is not an absolute URL.");
        }

        if (options.AlertWebhookTimeoutSeconds <= 0 || options.AlertWebhookRetryDelaySeconds < 0 || options.AlertWebhookAttempts < 1)
        {
            failures.Add($"{Path}: AlertWebhookTimeoutSeconds must be positive, AlertWebhookRetryDelaySeconds not negative and AlertWebhookAttempts at least 1.");
        }

        if (options.SnapshotIntervalSeconds <= 0 || options.MetricsMaxPools < 0)
        {
            failures.Add($"{Path}: SnapshotIntervalSeconds must be positive and MetricsMaxPools not negative.");
        }

        for (var i = 0; i < options.Limits.Count; i++)
        {
            var limit = options.Limits[i];
            if (limit.Limit <= 0)
            {
                failures.Add($"{Path}:Limits:{i}:Limit: {limit.Limit} must be a positive amount in US dollars.");
            }

            if (string.IsNullOrWhiteSpace(limit.Name))
            {
                failures.Add($"{Path}:Limits:{i}:Name: set a user id, team, tier number or '*'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
