using Orchestrator.Rag.Retrieval;

namespace Orchestrator.Rag.Tests;

/// <summary>A query branch runs exactly once, on a pool thread or the caller's, and its failure surfaces as itself.</summary>
public sealed class QueryBranchTests
{
    [Fact]
    public async Task A_branch_runs_exactly_once_whoever_starts_it_and_returns_its_result()
    {
        for (var i = 0; i < 200; i++)
        {
            var runs = 0;
            var branch = QueryBranch<int>.Offer(() => Task.FromResult(Interlocked.Increment(ref runs) * 10));

            // Sometimes the pool thread has started it, sometimes the caller does.
            if (i % 2 == 0)
            {
                await Task.Yield();
            }

            Assert.Equal(10, await branch.ResultAsync());
            Assert.Equal(10, await branch.ResultAsync());
            Assert.Equal(1, Volatile.Read(ref runs));
        }
    }

    private static readonly AsyncLocal<string?> Caller = new();

    [Fact]
    public async Task A_branch_run_by_a_pool_thread_sees_the_callers_execution_context()
    {
        Caller.Value = "query 42";
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var branch = QueryBranch<string?>.Offer(() =>
        {
            started.TrySetResult();
            return Task.FromResult<string?>(Caller.Value);
        });

        // Wait until a pool thread has run it, so the caller does not run it itself.
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal("query 42", await branch.ResultAsync());
    }

    [Fact]
    public async Task A_failure_surfaces_unwrapped_from_the_result_and_settling_swallows_it()
    {
        var branch = QueryBranch<int>.Offer(() => throw new InvalidOperationException("branch failed"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(branch.ResultAsync);
        Assert.Equal("branch failed", error.Message);
        await branch.SettleAsync();

        var async = QueryBranch<int>.Offer(async () =>
        {
            await Task.Yield();
            throw new ArgumentException("later");
        });
        var pending = async.ResultAsync(); // started: settling now waits for it and drops its failure
        await async.SettleAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => pending);
    }

    [Fact]
    public async Task Settling_a_branch_no_thread_has_started_means_it_never_runs()
    {
        var runs = 0;
        var settledFirst = 0;
        for (var i = 0; i < 200; i++)
        {
            var branch = QueryBranch<int>.Offer(() => Task.FromResult(Interlocked.Increment(ref runs)));
            var before = Volatile.Read(ref runs);
            await branch.SettleAsync();
            await Task.Delay(1, TestContext.Current.CancellationToken);
            if (Volatile.Read(ref runs) == before)
            {
                settledFirst++;
                await Assert.ThrowsAnyAsync<OperationCanceledException>(branch.ResultAsync);
            }
        }

        // Whatever the pool did, no branch ran twice, and the result of one never started says it was not run.
        Assert.InRange(runs, 0, 200);
        Assert.Equal(200, runs + settledFirst);
    }
}
