namespace Orchestrator.Agents;

/// <summary>Disposes several registrations as one.</summary>
internal sealed class Registrations(IReadOnlyList<IDisposable> items) : IDisposable
{
    public static IDisposable? Of(IEnumerable<IDisposable?> items)
    {
        var list = items.OfType<IDisposable>().ToList();
        return list.Count == 0 ? null : new Registrations(list);
    }

    public void Dispose()
    {
        foreach (var item in items)
        {
            item.Dispose();
        }
    }
}
