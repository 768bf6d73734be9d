using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace Orchestrator.Budgets.Tests.Ledgers;

/// <summary>Two OS processes sharing one Redis hold one cap together.</summary>
public sealed class TwoProcessTests(RedisServer server)
{
    [Fact]
    public async Task Two_processes_sharing_one_Redis_hold_the_cap_together()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = $"p{Guid.NewGuid():N}";
        var client = Path.Combine(AppContext.BaseDirectory, "Orchestrator.Budgets.LedgerClient.dll");
        var startAt = DateTimeOffset.UtcNow.AddSeconds(3).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

        // Each process asks for 25 holds of $0.30 against a $3.00 cap: together they may hold exactly 10.
        var processes = Enumerable.Range(0, 2).Select(_ => Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { client, server.ConnectionString, prefix, "25", "0.3", "3", startAt },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!).ToList();
        var outputs = await Task.WhenAll(processes.Select(async p =>
        {
            var output = await p.StandardOutput.ReadToEndAsync(ct);
            await p.WaitForExitAsync(ct);
            Assert.Equal(0, p.ExitCode);
            p.Dispose();
            return int.Parse(output.Trim(), CultureInfo.InvariantCulture);
        }));

        Assert.Equal(10, outputs.Sum());
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var key = $"{{{prefix}}}:pool:user:shared:daily:{DateTime.UtcNow:yyyy-MM-dd}";
        Assert.Equal(3_000_000, (long)await redis.GetDatabase().HashGetAsync(key, "reserved"));
    }
}
