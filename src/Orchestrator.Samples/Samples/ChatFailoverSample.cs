using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Budgets;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.Routing;
using Orchestrator.Samples.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orchestrator.Samples.Samples;

/// <summary>
/// The smallest useful host: two OpenAI-compatible endpoints behind the router (the primary first, the fallback when
/// it fails) and a daily budget per user. Sends the same question until the budget refuses, printing who served each
/// call, what it cost and what is left.
/// </summary>
internal sealed class ChatFailoverSample : AsyncCommand<ChatFailoverSample.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--primary <URL>")]
        [Description("OpenAI-compatible base URL of the primary provider, e.g. https://api.openai.com/v1/.")]
        public string Primary { get; init; } = string.Empty;

        [CommandOption("--fallback <URL>")]
        [Description("OpenAI-compatible base URL of the fallback provider, e.g. http://localhost:11434/v1/ (Ollama).")]
        public string Fallback { get; init; } = string.Empty;

        [CommandOption("--model <MODEL>")]
        [Description("The model both endpoints serve.")]
        [DefaultValue("gpt-4o-mini")]
        public string Model { get; init; } = "gpt-4o-mini";

        [CommandOption("--limit <USD>")]
        [Description("The user's daily budget in US dollars.")]
        [DefaultValue("0.01")]
        public decimal Limit { get; init; } = 0.01m;

        [CommandOption("--calls <N>")]
        [Description("Most calls to send before stopping.")]
        [DefaultValue(10)]
        public int Calls { get; init; } = 10;

        public override ValidationResult Validate() =>
            !Uri.TryCreate(Primary, UriKind.Absolute, out _) || !Uri.TryCreate(Fallback, UriKind.Absolute, out _)
                ? ValidationResult.Error("Give --primary and --fallback as absolute OpenAI-compatible base URLs (API keys from PRIMARY_API_KEY and FALLBACK_API_KEY).")
                : Limit <= 0 ? ValidationResult.Error("--limit must be a positive amount in US dollars.") : ValidationResult.Success();
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandErrors.RunAsync(async () =>
        {
            var ledger = Path.Combine(Path.GetTempPath(), $"orchestrator-sample-{Guid.NewGuid():N}.db");
            var services = new ServiceCollection();
            services.AddOrchestrator(o =>
            {
                o.Routing.HealthChecks = false;
                o.Providers["primary"] = Provider(settings.Primary, settings.Model, "PRIMARY_API_KEY", priority: 1);
                o.Providers["fallback"] = Provider(settings.Fallback, settings.Model, "FALLBACK_API_KEY", priority: 2);
                o.Models.Add(Model("primary", settings.Model));
                o.Models.Add(Model("fallback", settings.Model));
            }).AddStandardProviders().AddBudgets(b =>
            {
                b.SqlitePath = ledger;
                b.Limits.Add(new BudgetLimitOptions { Scope = BudgetScope.User, Period = BudgetPeriod.Daily, Limit = settings.Limit });
            });

            await using var provider = services.BuildServiceProvider();
            try
            {
                var chat = provider.GetRequiredService<IChatClient>();
                var gate = provider.GetRequiredService<BudgetGate>();
                using var user = BudgetContext.Use("demo-user", teamId: null);
                for (var call = 1; call <= settings.Calls; call++)
                {
                    try
                    {
                        var response = await chat.GetResponseAsync("Say hello in five words.", cancellationToken: cancellationToken);
                        var decision = response.GetRoutingDecision()!;
                        var pool = (await gate.GetStatusAsync(BudgetContext.Current!, cancellationToken)).Single(s => s.Pool.Scope == BudgetScope.User && s.Pool.Period == BudgetPeriod.Daily);
                        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                            $"call {call}: served by [green]{decision.ServedBy!.Provider}[/] after {decision.Attempts.Count} attempt(s); cost ${response.GetInvocationUsage()!.Cost}; left ${pool.Remaining} of ${pool.Limit}");
                        foreach (var failed in decision.Attempts.Where(a => !a.Succeeded))
                        {
                            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"  [yellow]failed over from {failed.Provider}: {failed.FailureKind}[/]");
                        }
                    }
                    catch (BudgetExceededException ex)
                    {
                        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"call {call}: [red]refused by the budget[/]: {ex.Message}");
                        return 0;
                    }
                }

                return 0;
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                File.Delete(ledger);
            }
        });

    // Both endpoints serve the same model at the same price and tier: only priority and health decide.
    private static ModelDescriptor Model(string provider, string model) =>
        new() { Provider = provider, Id = model, Tier = 2, InputPricePerMillion = 1m, OutputPricePerMillion = 2m, ContextWindow = 8192, MaxOutputTokens = 512 };

    private static ProviderOptions Provider(string baseUrl, string model, string keyVariable, int priority) => new()
    {
        Type = "openai",
        BaseUrl = baseUrl,
        ApiKey = Environment.GetEnvironmentVariable(keyVariable) ?? "sk-no-key-needed-locally",
        Models = [model],
        Priority = priority,
    };
}
