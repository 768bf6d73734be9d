using System.Globalization;

namespace Orchestrator.Budgets;

/// <summary>Period boundaries in a time zone: which period an instant falls in, and when it ends.</summary>
public static class BudgetPeriods
{
    /// <summary>Gets the key of the period containing an instant, e.g. <c>2026-11-25</c>, <c>2026-W48</c>, <c>2026-11</c>.</summary>
    /// <param name="period">The period kind.</param>
    /// <param name="at">The instant.</param>
    /// <param name="timeZone">The time zone whose calendar bounds the periods (UTC by default in options).</param>
    /// <returns>The period key; keys sort in time order within one period kind.</returns>
    public static string KeyOf(BudgetPeriod period, DateTimeOffset at, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        var local = TimeZoneInfo.ConvertTime(at, timeZone).DateTime;
        return period switch
        {
            BudgetPeriod.Daily => local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            BudgetPeriod.Weekly => string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(local):D4}-W{ISOWeek.GetWeekOfYear(local):D2}"),
            _ => local.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Gets the instant the period containing <paramref name="at"/> ends (the next one starts).</summary>
    /// <param name="period">The period kind.</param>
    /// <param name="at">The instant.</param>
    /// <param name="timeZone">The time zone whose calendar bounds the periods.</param>
    /// <returns>The end of the period, as an instant.</returns>
    public static DateTimeOffset EndOf(BudgetPeriod period, DateTimeOffset at, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        var local = TimeZoneInfo.ConvertTime(at, timeZone).DateTime.Date;
        var end = period switch
        {
            BudgetPeriod.Daily => local.AddDays(1),
            BudgetPeriod.Weekly => ISOWeek.ToDateTime(ISOWeek.GetYear(local), ISOWeek.GetWeekOfYear(local), DayOfWeek.Monday).AddDays(7),
            _ => new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(1),
        };
        return new DateTimeOffset(DateTime.SpecifyKind(end, DateTimeKind.Unspecified), timeZone.GetUtcOffset(end));
    }
}
