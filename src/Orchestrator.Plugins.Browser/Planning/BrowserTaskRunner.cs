using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Judging;
using Orchestrator.Plugins.Browser.Session;

namespace Orchestrator.Plugins.Browser.Planning;

/// <summary>
/// Runs a natural-language browsing task: the model plans actions as validated JSON, each action runs in a fresh guarded
/// session with the page fed back as delimited data, invalid plans are re-asked within limits, and the judge scores the result.
/// </summary>
public sealed partial class BrowserTaskRunner
{
    private static readonly string[] JudgeCriteria = ["completion", "completeness", "correctness"];

    private readonly BrowserHost _host;
    private readonly IChatClient _planner;
    private readonly ILlmJudge? _judge;
    private readonly BrowserOptions _options;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="BrowserTaskRunner"/> class.</summary>
    /// <param name="host">The browser.</param>
    /// <param name="planner">The model that plans (the router in a host, so any tier can serve).</param>
    /// <param name="options">The browser options (planning limits).</param>
    /// <param name="judge">Scores completed tasks; when null, results carry no score.</param>
    /// <param name="logger">The logger.</param>
    public BrowserTaskRunner(BrowserHost host, IChatClient planner, BrowserOptions options, ILlmJudge? judge = null, ILogger<BrowserTaskRunner>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(planner);
        ArgumentNullException.ThrowIfNull(options);
        _host = host;
        _planner = planner;
        _options = options;
        _judge = judge;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Runs <paramref name="task"/>, optionally from <paramref name="startUrl"/>, answering in <paramref name="schema"/> when given.</summary>
    /// <param name="task">What to accomplish, in natural language.</param>
    /// <param name="startUrl">Where to start; the model navigates itself when null.</param>
    /// <param name="schema">A JSON Schema the answer must match (extraction), or null for a text answer.</param>
    /// <param name="cancellationToken">Cancels the task.</param>
    /// <returns>The result, judged when completed and a judge is configured.</returns>
    public async Task<BrowserTaskResult> RunAsync(string task, string? startUrl = null, JsonElement? schema = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        var session = await _host.NewSessionAsync(cancellationToken).ConfigureAwait(false);
        await using var disposeSession = session.ConfigureAwait(false);
        var run = new TaskRun(session, RandomNumberGenerator.GetHexString(16));
        if (startUrl is not null)
        {
            await ExecuteAsync(run, new BrowserAction("navigate", startUrl, null, null), cancellationToken).ConfigureAwait(false);
        }

        List<ChatMessage> messages = [new(ChatRole.System, PlannerPrompt.System(run.Boundary)), new(ChatRole.User, PlannerPrompt.Task(task, schema))];
        var outcome = await PlanLoopAsync(run, messages, schema, cancellationToken).ConfigureAwait(false);
        var result = new BrowserTaskResult
        {
            Completed = outcome.Answer is not null,
            Answer = outcome.Answer,
            Failure = outcome.Failure,
            InjectionReports = run.Injections,
            BlockedRequests = session.BlockedRequests,
            Steps = run.Steps,
            FinalUrl = session.Url,
        };
        return outcome.Answer is { } answer ? await JudgeAsync(result, task, answer, cancellationToken).ConfigureAwait(false) : result;
    }

    private async Task<(JsonElement? Answer, string? Failure)> PlanLoopAsync(TaskRun run, List<ChatMessage> messages, JsonElement? schema, CancellationToken cancellationToken)
    {
        var invalid = 0;
        var feedback = run.TakeFeedback();
        for (var round = 1; round <= _options.MaxPlanningRounds; round++)
        {
            PageSnapshot snapshot;
            try
            {
                snapshot = await run.Session.SnapshotAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (BrowserLimitExceededException ex)
            {
                return (null, ex.Message);
            }

            if (InjectionDetector.Find(snapshot.Text) is { } evidence)
            {
                run.ReportInjection(_logger, $"{snapshot.Url}: \"{evidence}\"");
            }

            run.SetTargets(snapshot);
            messages.Add(new(ChatRole.User, PlannerPrompt.Page(TaskRun.Shorten(snapshot), run.Boundary, feedback)));
            var response = await _planner.GetResponseAsync(messages, new ChatOptions { Temperature = 0 }, cancellationToken).ConfigureAwait(false);
            messages.AddRange(response.Messages);
            PlanStep step;
            try
            {
                step = PlanParser.Parse(response.Text, run.Targets, schema);
            }
            catch (PlanRejectedException ex)
            {
                BrowserLog.PlanRejected(_logger, round, ex.Message);
                if (++invalid > _options.MaxInvalidPlans)
                {
                    return (null, $"the model gave {invalid} invalid plans in a row; the last: {ex.Message}");
                }

                feedback = $"Your reply was rejected: {ex.Message}. Reply with one valid JSON object.";
                continue;
            }

            invalid = 0;
            if (step.Injection is { } reported)
            {
                run.ReportInjection(_logger, $"{snapshot.Url}: reported by the model: {reported}");
            }

            if (step.Done)
            {
                return (step.Answer, null);
            }

            foreach (var action in step.Actions)
            {
                if (!await ExecuteAsync(run, action, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }

            feedback = run.TakeFeedback();
        }

        return (null, $"the task was not done after {_options.MaxPlanningRounds} planning rounds");
    }
}
