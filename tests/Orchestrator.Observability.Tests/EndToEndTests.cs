using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.Observability.Tests.Infrastructure;
using Orchestrator.Plugins.Observability;
using Orchestrator.Providers;

namespace Orchestrator.Observability.Tests;

[Collection(PostgresCollection.Name)]
public sealed class EndToEndTests(SharedPostgres postgres)
{
    [Fact]
    public async Task A_routed_chat_call_lands_in_postgres_with_user_workflow_agent_privacy_tokens_and_cost()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await postgres.Cluster.CreateDatabaseAsync("e2e");
        await using var services = Build(o => o.AddPostgresInvocationLog(cs, log => log.Writer.FlushInterval = TimeSpan.FromMilliseconds(10)));
        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(ct);    // applies the migrations, as a generic host would
        }

        var chat = services.GetRequiredService<IChatClient>();
        var options = new ChatOptions().WithUserId("alice").WithWorkflow("triage", "v3").WithAgent("planner");
        await chat.GetResponseAsync("Capital of France?", options, ct);
        await foreach (var _ in chat.GetStreamingResponseAsync("Capital of France?", new ChatOptions().WithUserId("bob"), ct))
        {
        }

        await services.GetRequiredService<LlmOpsLog>().FlushAsync(ct);

        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT user_id, coalesce(workflow_id, '-'), coalesce(workflow_version, '-'), coalesce(agent_id, '-'), provider, model, tier, routing_attempts, input_tokens, output_tokens, cost_usd, streamed, ttft_ms IS NOT NULL, status FROM llm_invocations ORDER BY user_id", connection);
        await using var rows = await command.ExecuteReaderAsync(ct);
        var seen = new List<string>();
        while (await rows.ReadAsync(ct))
        {
            seen.Add(string.Join('|', Enumerable.Range(0, rows.FieldCount).Select(i => Convert.ToString(rows.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        // 1000 input tokens at $1/M + 500 output at $2/M = $0.002 per call.
        Assert.Equal(
            ["alice|triage|v3|planner|fake|model-a|1|1|1000|500|0.00200000|False|False|succeeded", "bob|-|-|-|fake|model-a|1|1|1000|500|0.00200000|True|True|succeeded"],
            seen);
    }

    [Fact]
    public async Task An_agent_group_run_lands_in_postgres_one_message_per_turn_with_tokens_and_cost_and_each_call_tagged_with_its_agent()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await postgres.Cluster.CreateDatabaseAsync("agents");
        await using var services = Build(o => o.AddPostgresInvocationLog(cs, log => log.Writer.FlushInterval = TimeSpan.FromMilliseconds(10)).AddAgents());
        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(ct);
        }

        var group = services.GetRequiredService<Orchestrator.Agents.AgentGroupFactory>().Create(new Orchestrator.Agents.WorkflowDefinition(
            "capitals", Orchestrator.Agents.AgentPatterns.Sequential, [new("asker", "Ask."), new("checker", "Check.")], new Orchestrator.Agents.TerminationDefinition()));
        var result = await group.RunAsync("Capital of France?", new Orchestrator.Agents.AgentGroupRunOptions { RunId = "run-pg", UserId = "alice", WorkflowVersion = "v2" }, ct);
        await services.GetRequiredService<LlmOpsLog>().FlushAsync(ct);

        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(ct);
        Assert.Equal(
            ["asker|text|Paris|1500|0.00200000|capitals|v2", "checker|text|Paris|1500|0.00200000|capitals|v2"],
            await MigrationTests.ListAsync(connection, "SELECT sender || '|' || message_type || '|' || content || '|' || tokens || '|' || cost_usd || '|' || workflow_id || '|' || workflow_version FROM agent_messages WHERE conversation_id = 'run-pg' ORDER BY created_at", ct));
        Assert.Equal(
            ["alice|capitals|v2|asker", "alice|capitals|v2|checker"],
            await MigrationTests.ListAsync(connection, "SELECT user_id || '|' || workflow_id || '|' || workflow_version || '|' || agent_id FROM llm_invocations ORDER BY agent_id", ct));
        Assert.Equal(0.004m, result.Usage.Cost);
    }

    [Fact]
    public async Task Bad_log_settings_fail_at_start_naming_the_setting()
    {
        await using var services = Build(o => o.AddSqliteInvocationLog(" ", log => log.Writer.BatchSize = 0));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<LlmOpsLogOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("Orchestrator:LlmOps:ConnectionString", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Orchestrator:LlmOps:Writer:BatchSize", StringComparison.Ordinal));
    }

    [Fact]
    public void Registering_a_second_invocation_log_is_refused_so_records_are_not_logged_twice()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(o => o.AddSqliteInvocationLog("a.db").AddPostgresInvocationLog("Host=127.0.0.1")));

        Assert.Contains("already registered", error.Message, StringComparison.Ordinal);
    }

    internal static ServiceProvider Build(Action<Orchestrator.DependencyInjection.OrchestratorBuilder> addLog, IMeterFactory? meters = null, bool withFlakyProvider = false)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (meters is not null)
        {
            services.AddSingleton(meters);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatProviderFactory, FakeProviderFactory>());
        var builder = services.AddOrchestrator(o =>
        {
            o.Routing.HealthChecks = false;
            o.Providers["fake"] = new ProviderOptions { Type = "openai-compatible", BaseUrl = "http://127.0.0.1:9/v1/", Models = ["model-a"] };
            o.Models.Add(new ModelDescriptor { Provider = "fake", Id = "model-a", Tier = 1, InputPricePerMillion = 1m, OutputPricePerMillion = 2m, ContextWindow = 8192, MaxOutputTokens = 1024 });
            if (withFlakyProvider)
            {
                o.Providers["fake"].Priority = 20;
                o.Providers["flaky"] = new ProviderOptions { Type = "openai-compatible", BaseUrl = "http://127.0.0.1:9/v1/", Models = ["model-a"], Priority = 10 };
                o.Models.Add(new ModelDescriptor { Provider = "flaky", Id = "model-a", Tier = 1, InputPricePerMillion = 1m, OutputPricePerMillion = 2m, ContextWindow = 8192, MaxOutputTokens = 1024 });
            }
        });
        addLog(builder);
        return services.BuildServiceProvider();
    }
}
