using Microsoft.Extensions.Options;

namespace Orchestrator.Hosting.Dashboard;

/// <summary>Validates <see cref="DashboardOptions"/> at start, naming the setting and what would be accepted.</summary>
internal sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        var failures = new List<string>();
        if (options.Window <= TimeSpan.Zero)
        {
            failures.Add($"{DashboardOptions.SectionName}:Window '{options.Window}' must be positive, e.g. \"1.00:00:00\" for a day.");
        }

        if (options.RecentInvocations is < 1 or > 500)
        {
            failures.Add($"{DashboardOptions.SectionName}:RecentInvocations {options.RecentInvocations} must be between 1 and 500.");
        }

        if (options.RefreshSeconds is < 1 or > 3600)
        {
            failures.Add($"{DashboardOptions.SectionName}:RefreshSeconds {options.RefreshSeconds} must be between 1 and 3600.");
        }

        if (!string.IsNullOrWhiteSpace(options.ConnectionString) && !DashboardData.IsPostgres(options.ConnectionString))
        {
            failures.Add($"{DashboardOptions.SectionName}:ConnectionString is not an Npgsql connection string (Host=...;Database=...): the dashboard's analytics read PostgreSQL only.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
