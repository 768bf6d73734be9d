namespace Orchestrator.Observability.Tests.Infrastructure;

/// <summary>Test classes that share one PostgreSQL cluster, each with its own databases (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<SharedPostgres>
{
    public const string Name = "postgres";
}
