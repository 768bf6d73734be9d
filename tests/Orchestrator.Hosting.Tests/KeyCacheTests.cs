using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Hosting.Gateway;
using Orchestrator.Hosting.Gateway.Keys;

namespace Orchestrator.Hosting.Tests;

/// <summary>
/// Without Redis pub/sub, a key revoked by another process is refused here within KeyCacheSeconds: two resolvers (two
/// processes' caches) over one real SQLite key store, on a fake clock.
/// </summary>
public sealed class KeyCacheTests
{
    [Fact]
    public async Task A_key_revoked_elsewhere_is_refused_once_the_cache_period_has_passed_and_not_before()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("orch-keycache-").FullName;
        try
        {
            var store = new SqliteGatewayKeyStore(Path.Combine(directory, "keys.db"), NullLogger.Instance);
            await store.MigrateAsync(ct);
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            var options = new GatewayOptions { KeyCacheSeconds = 5 };
            var here = new GatewayKeyResolver(store, null, clock, options, NullLogger.Instance);
            var elsewhere = new GatewayKeyResolver(store, null, clock, options, NullLogger.Instance);
            var secret = GatewayKeySecret.Create();
            await store.InsertAsync(new GatewayKey { Id = "key_1", Name = "k", SecretHash = GatewayKeySecret.Hash(secret), Prefix = "sk-orch-x...", UserId = "alice", CreatedAt = clock.GetUtcNow() }, ct);

            Assert.Equal("alice", (await here.ResolveAsync(secret, ct))?.UserId);
            Assert.NotNull(await elsewhere.ResolveAsync(secret, ct));

            var revoked = await store.RevokeAsync("key_1", clock.GetUtcNow(), ct);
            elsewhere.Evict(revoked!.SecretHash);

            Assert.Null(await elsewhere.ResolveAsync(secret, ct));
            clock.Advance(TimeSpan.FromSeconds(4.9));
            Assert.NotNull(await here.ResolveAsync(secret, ct));
            clock.Advance(TimeSpan.FromSeconds(0.2));
            Assert.Null(await here.ResolveAsync(secret, ct));
            Assert.Null(await here.ResolveAsync(secret + "x", ct));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
