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

    /// <summary>Gets the instant the period containing <paramref name="at"/> starts.</summary>
    /// <param name="period">The period kind.</param>
    /// <param name="at">The instant.</param>
    /// <param name="timeZone">The time zone whose calendar bounds the periods.</param>
    /// <returns>The start of the period, as an instant (a local midnight; the first instant after it on a day whose midnight a DST change skips).</returns>
    public static DateTimeOffset StartOf(BudgetPeriod period, DateTimeOffset at, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        var local = TimeZoneInfo.ConvertTime(at, timeZone).DateTime.Date;
        var start = period switch
        {
            BudgetPeriod.Daily => local,
            BudgetPeriod.Weekly => ISOWeek.ToDateTime(ISOWeek.GetYear(local), ISOWeek.GetWeekOfYear(local), DayOfWeek.Monday),
            _ => new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified),
        };
        return ToInstant(start, timeZone);
    }

    /// <summary>Gets the instant the period containing <paramref name="at"/> ends (the next one starts).</summary>
    /// <param name="period">The period kind.</param>
    /// <param name="at">The instant.</param>
    /// <param name="timeZone">The time zone whose calendar bounds the periods.</param>
    /// <returns>The end of the period, as an instant. A daily period is 23 or 25 hours long on DST change days.</returns>
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
        return ToInstant(end, timeZone);
    }

    // A local midnight as an instant. Where a DST change skips midnight (clocks jump 00:00 -> 01:00) the period starts
    // at the first local time that exists; where midnight happens twice, at the first of the two.
    private static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo timeZone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (timeZone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = timeZone.IsAmbiguousTime(local) ? timeZone.GetAmbiguousTimeOffsets(local).Max() : timeZone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
