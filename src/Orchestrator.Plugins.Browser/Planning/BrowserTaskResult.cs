using System.Text.Json;
using Orchestrator.Plugins.Browser.Session;

namespace Orchestrator.Plugins.Browser.Planning;

/// <summary>The outcome of a browsing task.</summary>
public sealed record BrowserTaskResult
{
    /// <summary>Gets a value indicating whether the model declared the task done with an accepted answer.</summary>
    public required bool Completed { get; init; }

    /// <summary>Gets the answer: text, or JSON matching the requested schema. Null when not completed.</summary>
    public JsonElement? Answer { get; init; }

    /// <summary>Gets why the task did not complete, when it did not.</summary>
    public string? Failure { get; init; }

    /// <summary>Gets the judge's score, 0-1, of a completed task; null when it was not judged (see <see cref="JudgeRationale"/>).</summary>
    public double? Score { get; init; }

    /// <summary>Gets the judge's rationale, or why judging failed.</summary>
    public string? JudgeRationale { get; init; }

    /// <summary>Gets reports of pages that tried to redirect the task (detected in the text or reported by the model).</summary>
    public required IReadOnlyList<string> InjectionReports { get; init; }

    /// <summary>Gets the requests refused during the task.</summary>
    public required IReadOnlyList<BlockedRequest> BlockedRequests { get; init; }

    /// <summary>Gets each action run and its outcome, in order.</summary>
    public required IReadOnlyList<string> Steps { get; init; }

    /// <summary>Gets the address the task ended on.</summary>
    public required string FinalUrl { get; init; }
}
