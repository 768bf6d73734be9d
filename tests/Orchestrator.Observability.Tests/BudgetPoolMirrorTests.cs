using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orchestrator.Budgets;
using Orchestrator.DependencyInjection;
using Orchestrator.Observability.Tests.Infrastructure;

namespace Orchestrator.Observability.Tests;

/// <summary>The budget snapshot service writes the ledger's pools into budget_pools, on PostgreSQL and on SQLite.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BudgetPoolMirrorTests(SharedPostgres postgres) : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"orch-llmops-pools-{Guid.NewGuid():N}.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // 2026-11-25 is a Wednesday; Paris is UTC+1 then, so its day starts at 23:00 UTC the evening before.
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    private static ServiceProvider Host(Action<OrchestratorBuilder> log) =>
        Build(services =>
        {
            var builder = services.AddOrchestrator(_ => { }).AddBudgets(o =>
            {
                o.SqlitePath = ":memory:";
                o.TimeZone = "Europe/Paris";
                o.SnapshotIntervalSeconds = 0.1;
                o.Limits.Add(new BudgetLimitOptions { Scope = BudgetScope.User, Period = BudgetPeriod.Daily, Limit = 2m });
            });
            log(builder);
        });

    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(Clock);
        configure(services);
        return services.BuildServiceProvider();
    }

    private static async Task<List<(string Scope, string Name, string Period, DateTimeOffset Start, DateTimeOffset End, decimal? Limit, decimal Spent)>> MirrorAsync(
        ServiceProvider host, Func<DbConnection> connect, int expectedRows)
    {
        var hosted = host.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(Ct);
        }

        var gate = host.GetRequiredService<BudgetGate>();
        await gate.TrackAsync(new BudgetSubject("alice", null, 2), 0.5m, Ct);
        await gate.TrackAsync(new BudgetSubject("bob", null, 2), 0.25m, Ct);
        await gate.TrackAsync(new BudgetSubject("alice", null, 2), 0.25m, Ct);

        // The service rewrites the rows every 0.1 s of the host's clock; wait until alice's latest spend is in.
        var rows = new List<(string, string, string, DateTimeOffset, DateTimeOffset, decimal?, decimal)>();
        for (var attempt = 0; attempt < 3000 && (rows.Count != expectedRows || !rows.Contains(("user", "alice", "daily", new DateTimeOffset(2026, 11, 24, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 25, 23, 0, 0, TimeSpan.Zero), 2m, 0.75m))); attempt++)
        {
            Clock.Advance(TimeSpan.FromSeconds(0.1));
            await Task.Delay(20, Ct);
            rows.Clear();
            await using var connection = connect();
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT scope, user_id, period, period_start, period_end, limit_usd, spent_usd FROM budget_pools ORDER BY scope, user_id, period";
            try
            {
                await using var reader = await command.ExecuteReaderAsync(Ct);
                while (await reader.ReadAsync(Ct))
                {
                    rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), Instant(reader.GetValue(3)), Instant(reader.GetValue(4)),
                        reader.IsDBNull(5) ? null : Convert.ToDecimal(reader.GetValue(5), System.Globalization.CultureInfo.InvariantCulture),
                        Convert.ToDecimal(reader.GetValue(6), System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
            catch (DbException)
            {
                // The schema is still being migrated by the host's migration service.
            }
        }

        foreach (var service in hosted)
        {
            await service.StopAsync(Ct);
        }

        return rows;
    }

    private static DateTimeOffset Instant(object value) => value switch
    {
        DateTime utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)),
        DateTimeOffset at => at.ToUniversalTime(),
        _ => DateTimeOffset.Parse((string)value, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime(),
    };

    private static void AssertRows(List<(string Scope, string Name, string Period, DateTimeOffset Start, DateTimeOffset End, decimal? Limit, decimal Spent)> rows)
    {
        var day = (new DateTimeOffset(2026, 11, 24, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 25, 23, 0, 0, TimeSpan.Zero));
        var week = (new DateTimeOffset(2026, 11, 22, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 29, 23, 0, 0, TimeSpan.Zero));
        var month = (new DateTimeOffset(2026, 10, 31, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero));
        Assert.Equal(
            [
                ("tier", "2", "daily", day.Item1, day.Item2, (decimal?)null, 1m),
                ("tier", "2", "monthly", month.Item1, month.Item2, null, 1m),
                ("tier", "2", "weekly", week.Item1, week.Item2, null, 1m),
                ("user", "alice", "daily", day.Item1, day.Item2, 2m, 0.75m),
                ("user", "alice", "monthly", month.Item1, month.Item2, null, 0.75m),
                ("user", "alice", "weekly", week.Item1, week.Item2, null, 0.75m),
                ("user", "bob", "daily", day.Item1, day.Item2, 2m, 0.25m),
                ("user", "bob", "monthly", month.Item1, month.Item2, null, 0.25m),
                ("user", "bob", "weekly", week.Item1, week.Item2, null, 0.25m),
            ],
            rows);
    }

    [Fact]
    public async Task The_ledgers_pools_are_mirrored_into_PostgreSQL_with_their_period_bounds_limits_and_spend()
    {
        var cs = await postgres.Cluster.CreateDatabaseAsync("pools");
        await using var host = Host(b => b.AddPostgresInvocationLog(cs));

        var rows = await MirrorAsync(host, () => new NpgsqlConnection(cs), 9);

        AssertRows(rows);
    }

    [Fact]
    public async Task The_ledgers_pools_are_mirrored_into_SQLite_with_their_period_bounds_limits_and_spend()
    {
        await using var host = Host(b => b.AddSqliteInvocationLog(_path));

        var rows = await MirrorAsync(host, () => new SqliteConnection($"Data Source={_path}"), 9);

        AssertRows(rows);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }
}
