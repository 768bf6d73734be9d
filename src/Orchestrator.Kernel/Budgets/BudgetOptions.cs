namespace Orchestrator.Budgets;

/// <summary>Budgets and cost limits, bound from <c>Orchestrator:Budgets</c> and validated at start.</summary>
public sealed class BudgetOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Orchestrator:Budgets";

    /// <summary>Gets or sets the ledger backend: <c>Auto</c> (Redis when <see cref="Redis"/> is set, else embedded), <c>Embedded</c> or <c>Redis</c>.</summary>
    public string Backend { get; set; } = "Auto";

    /// <summary>Gets or sets the StackExchange.Redis connection string of a shared ledger, e.g. <c>redis:6379,password=…</c>.</summary>
    public string? Redis { get; set; }

    /// <summary>Gets or sets the hash tag of every Redis key (one slot on Redis Cluster); change it to run two ledgers on one Redis.</summary>
    public string RedisKeyPrefix { get; set; } = "orch-budget";

    /// <summary>Gets or sets the SQLite database file of the embedded ledger.</summary>
    public string SqlitePath { get; set; } = "orchestrator-budgets.db";

    /// <summary>Gets or sets the IANA or Windows time zone whose calendar bounds daily, weekly and monthly periods.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>
    /// Gets or sets a value indicating whether calls go on, checked by a per-host limiter, while the Redis ledger is
    /// unreachable. Off by default: an unreachable ledger refuses every call (fail closed), never silently unlimited.
    /// </summary>
    public bool FailOpen { get; set; }

    /// <summary>Gets or sets how long a hold lasts when a host dies before settling it.</summary>
    public double ReservationTtlSeconds { get; set; } = 600;

    /// <summary>Gets or sets the output tokens assumed for the worst case when neither the request nor the catalog gives a maximum.</summary>
    public int DefaultMaxOutputTokens { get; set; } = 4096;

    /// <summary>Gets or sets an optional URL that receives each alert as a JSON POST.</summary>
    public string? AlertWebhook { get; set; }

    /// <summary>Gets or sets how long one webhook POST may take before it counts as failed.</summary>
    public double AlertWebhookTimeoutSeconds { get; set; } = 5;

    /// <summary>Gets or sets how many times an alert is posted before the webhook gives up on it (1 = no retry).</summary>
    public int AlertWebhookAttempts { get; set; } = 4;

    /// <summary>Gets or sets the wait before the first retry of a failed webhook POST; it doubles on each further retry.</summary>
    public double AlertWebhookRetryDelaySeconds { get; set; } = 1;

    /// <summary>Gets or sets how often the pools are read for the utilization gauge and the <c>budget_pools</c> mirror.</summary>
    public double SnapshotIntervalSeconds { get; set; } = 30;

    /// <summary>
    /// Gets or sets the most pools the <c>orchestrator.budget.utilization</c> gauge reports (the most utilized limited
    /// pools of the current periods), which bounds its cardinality when every user has a pool of their own.
    /// </summary>
    public int MetricsMaxPools { get; set; } = 100;

    /// <summary>Gets or sets the limits; a request counts against every one that applies to it.</summary>
    public List<BudgetLimitOptions> Limits { get; set; } = [];
}
