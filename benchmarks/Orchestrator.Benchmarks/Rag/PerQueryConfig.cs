using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace Orchestrator.Benchmarks.Rag;

/// <summary>
/// One query per iteration (Monitoring strategy, one invocation, no unrolling; 20 warm-up and 300 measured queries), so
/// the P50/P95 columns are per-query latency percentiles, not percentiles of iteration means.
/// </summary>
internal sealed class PerQueryConfig : ManualConfig
{
    public PerQueryConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithWarmupCount(20)
            .WithIterationCount(300)
            .WithLaunchCount(1));
        AddColumn(StatisticColumn.P50, StatisticColumn.P95, StatisticColumn.Min, StatisticColumn.Max);
    }
}
