using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Workflows;

/// <summary>
/// Splits the traffic of a workflow between versions, deterministically by a key (usually the user id): the same key
/// always gets the same version while the arms stay the same. The key is hashed with SHA-256 (salted with the workflow
/// id, so two experiments split independently), not <see cref="string.GetHashCode()"/>, which differs per process.
/// </summary>
public sealed class WorkflowExperiment
{
    private readonly double[] _cumulative;

    /// <summary>Initializes a new instance of the <see cref="WorkflowExperiment"/> class.</summary>
    /// <param name="workflowId">The workflow.</param>
    /// <param name="arms">The versions and weights; at least one with a positive weight.</param>
    /// <exception cref="ArgumentException">No arm, a negative or non-finite weight, weights summing to 0, or a version twice.</exception>
    public WorkflowExperiment(string workflowId, IReadOnlyList<ExperimentArm> arms)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowId);
        ArgumentNullException.ThrowIfNull(arms);
        if (arms.Any(a => a.Weight < 0 || !double.IsFinite(a.Weight)))
        {
            throw new ArgumentException($"Experiment '{workflowId}': every weight must be a finite number >= 0.", nameof(arms));
        }

        if (arms.Select(a => a.Version).Distinct(StringComparer.Ordinal).Count() != arms.Count)
        {
            throw new ArgumentException($"Experiment '{workflowId}': a version is listed twice.", nameof(arms));
        }

        var total = arms.Sum(a => a.Weight);
        if (total <= 0)
        {
            throw new ArgumentException($"Experiment '{workflowId}' has no version with traffic: give at least one a weight above 0.", nameof(arms));
        }

        WorkflowId = workflowId;
        Arms = arms;
        _cumulative = new double[arms.Count];
        var sum = 0d;
        for (var i = 0; i < arms.Count; i++)
        {
            sum += arms[i].Weight / total;
            _cumulative[i] = sum;
        }
    }

    /// <summary>Gets the workflow.</summary>
    public string WorkflowId { get; }

    /// <summary>Gets the versions and their weights.</summary>
    public IReadOnlyList<ExperimentArm> Arms { get; }

    /// <summary>Builds the experiment from stored versions: the active ones with a traffic share above 0, weighted by it.</summary>
    /// <param name="workflowId">The workflow.</param>
    /// <param name="versions">Its versions.</param>
    /// <returns>The experiment.</returns>
    public static WorkflowExperiment FromVersions(string workflowId, IEnumerable<WorkflowVersion> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        return new(workflowId, [.. versions.Where(v => v.IsActive && v.TrafficShare > 0).Select(v => new ExperimentArm(v.Version, v.TrafficShare))]);
    }

    /// <summary>Picks the version for a key.</summary>
    /// <param name="subjectKey">The key (user id).</param>
    /// <returns>The version; always the same for the same key and arms.</returns>
    public string Assign(string subjectKey)
    {
        ArgumentNullException.ThrowIfNull(subjectKey);
        var point = UnitPoint(WorkflowId, subjectKey);
        for (var i = 0; i < _cumulative.Length; i++)
        {
            if (point < _cumulative[i] && Arms[i].Weight > 0)
            {
                return Arms[i].Version;
            }
        }

        // Rounding can leave the cumulative sum a hair under 1: the last arm with weight takes the rest.
        return Arms.Last(a => a.Weight > 0).Version;
    }

    /// <summary>Maps a key to a point in [0, 1): the first 8 bytes of SHA-256("workflow\nkey") over 2^64.</summary>
    internal static double UnitPoint(string workflowId, string key)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{workflowId}\n{key}"), hash);
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) * (1.0 / (1UL << 53));
    }
}
