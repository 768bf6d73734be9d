using System.ClientModel;
using System.ComponentModel;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;
using Orchestrator.Samples.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orchestrator.Samples.Samples;

/// <summary>
/// The OpenAI-compatible gateway in a minimal host: one provider, virtual keys and budgets in SQLite, a key created
/// through the admin endpoint and printed once, then it serves on loopback until Ctrl+C — or, with <c>--once</c>, makes
/// one call with the official OpenAI client against itself (after showing that a call without a key is refused) and exits.
/// </summary>
internal sealed class GatewaySample : AsyncCommand<GatewaySample.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--provider <URL>")]
        [Description("OpenAI-compatible base URL the gateway routes to, e.g. https://api.openai.com/v1/ (key from PROVIDER_API_KEY).")]
        public string Provider { get; init; } = string.Empty;

        [CommandOption("--model <MODEL>")]
        [Description("The model the provider serves (an OpenAI catalog model).")]
        [DefaultValue("gpt-4o-mini")]
        public string Model { get; init; } = "gpt-4o-mini";

        [CommandOption("--urls <URL>")]
        [Description("Where the gateway listens.")]
        [DefaultValue("http://127.0.0.1:5090")]
        public string Urls { get; init; } = "http://127.0.0.1:5090";

        [CommandOption("--limit <USD>")]
        [Description("The key's daily budget in US dollars.")]
        [DefaultValue("1")]
        public decimal Limit { get; init; } = 1m;

        [CommandOption("--once")]
        [Description("Make one call with the official OpenAI client against the gateway, then exit.")]
        public bool Once { get; init; }

        public override ValidationResult Validate() =>
            !Uri.TryCreate(Provider, UriKind.Absolute, out _) ? ValidationResult.Error("Give --provider as an absolute OpenAI-compatible base URL (API key from PROVIDER_API_KEY).")
            : Limit <= 0 ? ValidationResult.Error("--limit must be a positive amount in US dollars.") : ValidationResult.Success();
    }

    /// <summary>Creates a key through the admin endpoint; returns its secret (shown in that response only).</summary>
    private static async Task<string> CreateKeyAsync(HttpClient http, string adminToken, string user, decimal dailyLimit, CancellationToken cancellationToken)
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, "admin/keys")
        {
            Content = JsonContent.Create(new Dictionary<string, object> { ["user_id"] = user, ["budget_period"] = "daily", ["budget_limit"] = dailyLimit }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var created = await http.SendAsync(create, cancellationToken);
        var body = await created.Content.ReadAsStringAsync(cancellationToken);
        if (!created.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating the key failed ({(int)created.StatusCode}): {body}");
        }

        return JsonDocument.Parse(body).RootElement.GetProperty("key").GetString()!;
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandErrors.RunAsync(async () =>
        {
            var folder = Directory.CreateTempSubdirectory("orchestrator-gateway-sample-").FullName;
            var adminToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
            try
            {
                // Content root in the temporary folder: only the settings below apply, not an appsettings.json beside the binary.
                var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = folder });
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Orchestrator:Providers:openai:Type"] = "openai",
                    ["Orchestrator:Providers:openai:BaseUrl"] = settings.Provider,
                    ["Orchestrator:Providers:openai:ApiKey"] = Environment.GetEnvironmentVariable("PROVIDER_API_KEY") ?? "sk-no-key-needed-locally",
                    ["Orchestrator:Providers:openai:Models:0"] = settings.Model,
                    ["Orchestrator:Routing:HealthChecks"] = "false",
                    ["Orchestrator:Budgets:SqlitePath"] = Path.Combine(folder, "budgets.db"),
                    ["Orchestrator:Gateway:SqlitePath"] = Path.Combine(folder, "keys.db"),
                    ["Orchestrator:Gateway:AdminToken"] = adminToken,
                });
                builder.WebHost.UseUrls(settings.Urls);
                builder.Services.AddOrchestrator(builder.Configuration).AddStandardProviders().AddBudgets(builder.Configuration);
                builder.Services.AddOrchestratorGateway(builder.Configuration);
                await using var app = builder.Build();
                app.MapOrchestratorGateway();
                await app.StartAsync(cancellationToken);
                var baseUrl = new Uri(app.Urls.First().TrimEnd('/') + "/");

                // An admin creates a virtual key for a user, with a daily budget; its secret is in this response only.
                using var http = new HttpClient { BaseAddress = baseUrl };
                var key = await CreateKeyAsync(http, adminToken, "demo-user", settings.Limit, cancellationToken);
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"gateway on [green]{baseUrl}v1/[/]");
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"key for demo-user, daily budget ${settings.Limit} (shown once):");
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[yellow]{key}[/]");

                if (!settings.Once)
                {
                    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"try: curl {baseUrl}v1/chat/completions -H \"Authorization: Bearer {key}\" -H \"Content-Type: application/json\" -d '{{\"model\":\"{settings.Model}\",\"messages\":[{{\"role\":\"user\",\"content\":\"Hello\"}}]}}'. Ctrl+C stops.");
                    await app.WaitForShutdownAsync(cancellationToken);
                    return 0;
                }

                var endpoint = new OpenAIClientOptions { Endpoint = new Uri(baseUrl, "v1/") };
                try
                {
                    await new ChatClient(settings.Model, new ApiKeyCredential("sk-not-a-gateway-key"), endpoint).CompleteChatAsync([new UserChatMessage("Hello")], cancellationToken: cancellationToken);
                    throw new InvalidOperationException("The gateway answered a call without a valid key.");
                }
                catch (ClientResultException ex)
                {
                    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"without a valid key: refused with {ex.Status}");
                }

                var reply = await new ChatClient(settings.Model, new ApiKeyCredential(key), endpoint)
                    .CompleteChatAsync([new UserChatMessage("Say hello in five words.")], cancellationToken: cancellationToken);
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"with the key: {reply.Value.Content[0].Text} ({reply.Value.Usage.InputTokenCount} + {reply.Value.Usage.OutputTokenCount} tokens)");

                // A key whose budget is smaller than one call's worst case: the gateway refuses with 402 in OpenAI's
                // error format before anything reaches the provider (the raw body, as curl would show it).
                var thrifty = await CreateKeyAsync(http, adminToken, "thrifty-user", 0.000001m, cancellationToken);
                using var overBudget = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
                {
                    Content = JsonContent.Create(new Dictionary<string, object>
                    {
                        ["model"] = settings.Model,
                        ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = "Hello" } },
                    }),
                };
                overBudget.Headers.Authorization = new AuthenticationHeaderValue("Bearer", thrifty);
                using var refused = await http.SendAsync(overBudget, cancellationToken);
                var error = await refused.Content.ReadAsStringAsync(cancellationToken);
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"over its budget (thrifty-user, $0.000001 a day): refused with {(int)refused.StatusCode}");
                Console.Out.WriteLine(error); // unwrapped, so it stays one JSON line however wide the terminal is
                await app.StopAsync(cancellationToken);
                return 0;
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        });
}
