namespace Orchestrator.Budgets;

/// <summary>
/// Money in ledgers is stored as integer micro-dollars (1e-6 USD): exact in Redis (Lua numbers are doubles, exact to
/// 2^53 micro-dollars, about $9 billion) and in SQLite INTEGER columns. Charges round up, caps round down, so rounding
/// never lets a pool spend past its cap.
/// </summary>
internal static class BudgetMoney
{
    private const decimal MicrosPerDollar = 1_000_000m;

    public static long ChargeToMicros(decimal dollars) => dollars <= 0 ? 0 : (long)Math.Ceiling(dollars * MicrosPerDollar);

    public static long LimitToMicros(decimal dollars) => dollars <= 0 ? 0 : (long)Math.Floor(dollars * MicrosPerDollar);

    public static decimal ToDollars(long micros) => micros / MicrosPerDollar;

    /// <summary>Gets the highest alert level (0 none, 1 for 80%, 2 for 90%, 3 for 95%) a spend has reached.</summary>
    public static int AlertLevel(long spent, long limit)
    {
        if (limit <= 0)
        {
            return 0;
        }

        var level = 0;
        for (var i = 0; i < BudgetAlert.Thresholds.Count; i++)
        {
            if (spent * 100m >= limit * (decimal)BudgetAlert.Thresholds[i])
            {
                level = i + 1;
            }
        }

        return level;
    }

    /// <summary>Expands a jump from one alert level to a higher one into one alert per crossed threshold.</summary>
    public static IEnumerable<BudgetAlert> AlertsBetween(string bucket, int from, int to, long spent, long limit)
    {
        var split = bucket.LastIndexOf(':');
        for (var level = from + 1; level <= to; level++)
        {
            yield return new BudgetAlert(bucket[..split], bucket[(split + 1)..], BudgetAlert.Thresholds[level - 1], ToDollars(spent), ToDollars(limit));
        }
    }
}
