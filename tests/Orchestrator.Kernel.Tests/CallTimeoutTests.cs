using Microsoft.Extensions.Time.Testing;
using Orchestrator.Providers;

namespace Orchestrator.Kernel.Tests;

/// <summary>
/// The one cancellation source the router and every provider call take per time limit: it must end the call when the
/// limit elapses or the caller cancels, and tell the two apart (a timeout fails over, a caller's cancel does not).
/// </summary>
public sealed class CallTimeoutTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void The_limit_elapsing_on_the_clock_ends_the_call_as_a_timeout()
    {
        using var caller = new CancellationTokenSource();
        using var timeout = new CallTimeout(TimeSpan.FromSeconds(30), _time, caller.Token);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(timeout.Token.IsCancellationRequested);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(timeout.Token.IsCancellationRequested);
        Assert.True(timeout.TimedOut(caller.Token));
    }

    [Fact]
    public void The_caller_cancelling_ends_the_call_and_is_not_a_timeout()
    {
        using var caller = new CancellationTokenSource();
        using var timeout = new CallTimeout(TimeSpan.FromSeconds(30), _time, caller.Token);

        caller.Cancel();

        Assert.True(timeout.Token.IsCancellationRequested);
        Assert.False(timeout.TimedOut(caller.Token));
    }

    [Fact]
    public void A_caller_that_has_already_cancelled_ends_the_call_at_once()
    {
        using var caller = new CancellationTokenSource();
        caller.Cancel();

        using var timeout = new CallTimeout(TimeSpan.FromSeconds(30), _time, caller.Token);

        Assert.True(timeout.Token.IsCancellationRequested);
        Assert.False(timeout.TimedOut(caller.Token));
    }

    [Fact]
    public void A_caller_cancelling_after_the_call_ended_reaches_nothing()
    {
        using var caller = new CancellationTokenSource();
        var timeout = new CallTimeout(TimeSpan.FromSeconds(30), _time, caller.Token);
        var token = timeout.Token;
        timeout.Dispose();

        caller.Cancel();
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.False(token.IsCancellationRequested);
    }
}
