using Npgsql;
using NpgsqlTypes;
using Orchestrator.Telemetry;

namespace Orchestrator.Plugins.Observability.Postgres;

/// <summary>The binary COPY of each record type into a staging table, and the de-duplicating move into the real one.</summary>
internal static class PostgresCopy
{
    private const string InvocationColumns =
        "request_id, trace_id, user_id, workflow_id, workflow_version, agent_id, provider, model, tier, is_local, routing_attempts, " +
        "input_tokens, output_tokens, cached_tokens, tokens_estimated, cost_usd, latency_ms, ttft_ms, streamed, privacy_mode, " +
        "status, error_class, error_message, started_at, operation";

    private const string MessageColumns =
        "message_id, conversation_id, trace_id, workflow_id, workflow_version, sender, recipient, message_type, content, tokens, cost_usd, created_at";

    public static async Task CopyInvocationsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<InvocationRecord> records, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, "CREATE TEMP TABLE IF NOT EXISTS llm_invocations_stage (LIKE llm_invocations INCLUDING DEFAULTS) ON COMMIT DELETE ROWS", cancellationToken).ConfigureAwait(false);
        var importer = await connection.BeginBinaryImportAsync($"COPY llm_invocations_stage ({InvocationColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            foreach (var r in records)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await WriteAsync(importer, r.RequestId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteAsync(importer, r.TraceId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteAsync(importer, Clean(r.UserId), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteAsync(importer, Clean(r.WorkflowId), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteAsync(importer, Clean(r.WorkflowVersion), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteAsync(importer, Clean(r.AgentId), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(r.Provider, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(r.Model, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync((short)r.Tier, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(r.Local, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync((short)Math.Clamp(r.RoutingAttempt, 1, short.MaxValue), NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(r.Usage.InputTokens, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(r.Usage.OutputTokens, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(r.Usage.CachedInputTokens, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(r.Usage.IsEstimated, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(r.Usage.Cost, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(r.Latency.TotalMilliseconds, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                await WriteAsync(importer, r.TimeToFirstToken?.TotalMilliseconds, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(r.Streamed, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(r.PrivacyMode, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(LlmOpsColumns.Status(r.Status), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteAsync(importer, LlmOpsColumns.ErrorClass(r.ErrorKind), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteAsync(importer, Clean(r.ErrorMessage), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(r.StartedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(r.Operation, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, $"INSERT INTO llm_invocations ({InvocationColumns}) SELECT {InvocationColumns} FROM llm_invocations_stage ON CONFLICT DO NOTHING", cancellationToken).ConfigureAwait(false);
    }

    public static async Task CopyMessagesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<AgentMessageRecord> records, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, "CREATE TEMP TABLE IF NOT EXISTS agent_messages_stage (LIKE agent_messages INCLUDING DEFAULTS) ON COMMIT DELETE ROWS", cancellationToken).ConfigureAwait(false);
        var importer = await connection.BeginBinaryImportAsync($"COPY agent_messages_stage ({MessageColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            foreach (var m in records)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(m.MessageId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(m.ConversationId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteAsync(importer, m.TraceId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteAsync(importer, Clean(m.WorkflowId), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteAsync(importer, Clean(m.WorkflowVersion), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(m.Sender, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteAsync(importer, Clean(m.Recipient), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(m.MessageType, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(Clean(m.Content)!, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(m.Tokens, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(m.CostUsd, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(m.CreatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, $"INSERT INTO agent_messages ({MessageColumns}) SELECT {MessageColumns} FROM agent_messages_stage ON CONFLICT DO NOTHING", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>PostgreSQL text cannot hold NUL; one stray NUL in an error message must not sink a whole batch.</summary>
    private static string? Clean(string? value) => value is not null && value.Contains('\0', StringComparison.Ordinal) ? value.Replace('\0', '\uFFFD') : value;

    private static Task WriteAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, type, cancellationToken);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities", Justification = "Only this class's constant statements reach here; values travel through COPY.")]
    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
