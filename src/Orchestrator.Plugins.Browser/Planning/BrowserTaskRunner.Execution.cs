using System.Text.Json;
using Microsoft.Playwright;
using Orchestrator.Judging;
using Orchestrator.Plugins.Browser.Session;

namespace Orchestrator.Plugins.Browser.Planning;

/// <summary>Running one action, and judging the result.</summary>
public sealed partial class BrowserTaskRunner
{
    private static async Task<bool> ExecuteAsync(TaskRun run, BrowserAction action, CancellationToken cancellationToken)
    {
        var session = run.Session;
        var described = action.Type switch
        {
            "navigate" => $"navigate {action.Url}",
            "fill" => $"fill {action.Target} with \"{action.Value}\"",
            _ => $"{action.Type} {action.Target}",
        };
        try
        {
            switch (action.Type)
            {
                case "navigate":
                    var status = await session.NavigateAsync(action.Url!, cancellationToken).ConfigureAwait(false);
                    run.Record($"{described}: HTTP {status}");
                    return true;
                case "click":
                    await session.ClickAsync(run.Selector(action.Target!), cancellationToken).ConfigureAwait(false);
                    break;
                case "fill":
                    await session.FillAsync(run.Selector(action.Target!), action.Value!, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await session.WaitForAsync(run.Selector(action.Target!), cancellationToken).ConfigureAwait(false);
                    break;
            }

            run.Record($"{described}: ok");
            return true;
        }
        catch (Exception ex) when (ex is BrowserBlockedException or BrowserLimitExceededException)
        {
            run.Record($"{described}: refused: {ex.Message}");
            return false;
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            // Playwright's messages name selectors and timeouts, not secrets; the first line is enough for the model.
            run.Record($"{described}: failed: {ex.Message.Split('\n')[0]}");
            return false;
        }
    }

    private async Task<BrowserTaskResult> JudgeAsync(BrowserTaskResult result, string task, JsonElement answer, CancellationToken cancellationToken)
    {
        if (_judge is null)
        {
            return result;
        }

        try
        {
            var verdict = await _judge.JudgeAsync(task, answer.GetRawText(), JudgeCriteria, cancellationToken).ConfigureAwait(false);
            BrowserLog.TaskJudged(_logger, verdict.Score, verdict.Rationale);
            return result with { Score = verdict.Score, JudgeRationale = verdict.Rationale };
        }
        catch (JudgeFailedException ex)
        {
            return result with { JudgeRationale = ex.Message };
        }
    }
}
