namespace Orchestrator.Workflows;

/// <summary>One comparison of a version against the control.</summary>
/// <param name="Test">The test used (<c>two-proportion z</c> or <c>Welch t</c>).</param>
/// <param name="Statistic">z or t, version minus control; <see cref="double.NaN"/> when the test could not run.</param>
/// <param name="PValue">The two-sided p-value; <see cref="double.NaN"/> when the test could not run.</param>
/// <param name="IsSignificant">Whether p is below the report's alpha and the test's conditions were met.</param>
/// <param name="Verdict">A plain-words reading (<c>p = 0.012: significant</c>, <c>not significant</c>, <c>too few runs</c>).</param>
public sealed record SignificanceTest(string Test, double Statistic, double PValue, bool IsSignificant, string Verdict);
