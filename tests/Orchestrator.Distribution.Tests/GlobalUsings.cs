global using Xunit;
[assembly: AssemblyFixture(typeof(Orchestrator.Distribution.Tests.Infrastructure.PackedFeed))]
