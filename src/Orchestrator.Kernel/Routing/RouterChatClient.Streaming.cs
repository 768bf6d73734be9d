using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Orchestrator.Providers;

namespace Orchestrator.Routing;

public sealed partial class RouterChatClient
{
    /// <inheritdoc />
    /// <remarks>
    /// A failure before the first content fails over transparently; the caller sees only the serving provider's
    /// stream. After content has been yielded, a failure throws <see cref="ProviderStreamInterruptedException"/> with the
    /// partial text and the usage consumed (which is charged), because the caller has already seen tokens.
    /// </remarks>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var messageList = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        using var total = new CallTimeout(TimeSpan.FromSeconds(_options.TotalTimeoutSeconds), _time, cancellationToken);
        var (started, decision, served) = await RouteAsync(messageList, options, (client, attemptOptions, ct) => OpenAsync(client, messageList, attemptOptions, ct), cancellationToken, total.Token)
            .ConfigureAwait(false);
        _events.Decided(decision);

        var text = new StringBuilder();
        await using (started.Enumerator.ConfigureAwait(false))
        {
            var first = true;
            foreach (var update in started.Buffered)
            {
                if (first)
                {
                    (update.AdditionalProperties ??= [])[RoutingChatOptionsExtensions.DecisionKey] = decision;
                    first = false;
                }

                text.Append(update.Text);
                yield return update;
            }

            if (started.Ended)
            {
                yield break;
            }

            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await started.Enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = started.Enumerator.Current;
                }
                catch (ProviderStreamInterruptedException ex)
                {
                    _breakers.RecordFailure(served.Provider, ex);
                    throw;
                }
                catch (OperationCanceledException ex) when (total.TimedOut(cancellationToken))
                {
                    throw new RoutingTimeoutException(TimeSpan.FromSeconds(_options.TotalTimeoutSeconds), decision, text.ToString(), ex);
                }

                text.Append(update.Text);
                yield return update;
            }
        }
    }

    /// <summary>Opens a provider stream and reads it up to its first content, so a failure before that can fail over.</summary>
    private static async Task<StartedStream> OpenAsync(IChatClient client, IReadOnlyList<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
    {
        var enumerator = client.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var buffered = new List<ChatResponseUpdate>();
        try
        {
            while (await enumerator.MoveNextAsync().ConfigureAwait(false))
            {
                buffered.Add(enumerator.Current);
                if (!string.IsNullOrEmpty(enumerator.Current.Text) || enumerator.Current.Contents.Any(c => c is FunctionCallContent))
                {
                    return new StartedStream(enumerator, buffered, false);
                }
            }

            return new StartedStream(enumerator, buffered, true);
        }
        catch
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed record StartedStream(IAsyncEnumerator<ChatResponseUpdate> Enumerator, List<ChatResponseUpdate> Buffered, bool Ended);
}
