using System.Text;

namespace Orchestrator.McpServers.Filesystem;

/// <summary>A small line-based unified diff (LCS), enough to show an edit the way <c>git diff</c> would.</summary>
internal static class UnifiedDiff
{
    private const int Context = 3;
    private const int MaxCells = 25_000_000;

    public static string Create(string original, string modified, string name)
    {
        var a = original.Split('\n');
        var b = modified.Split('\n');
        var sb = new StringBuilder().Append("--- ").Append(name).Append('\n').Append("+++ ").Append(name).Append('\n');
        if ((long)a.Length * b.Length > MaxCells)
        {
            return sb.Append("@@ file too large for a line diff; ").Append(a.Length).Append(" -> ").Append(b.Length).Append(" lines @@\n").ToString();
        }

        var ops = Operations(a, b);
        for (var i = 0; i < ops.Count;)
        {
            if (ops[i].Kind == ' ')
            {
                i++;
                continue;
            }

            var start = Math.Max(0, i - Context);
            var end = i;
            while (end < ops.Count)
            {
                var nextChange = ops.FindIndex(end, o => o.Kind != ' ');
                if (nextChange < 0 || nextChange - end > 2 * Context)
                {
                    break;
                }

                end = nextChange + 1;
            }

            end = Math.Min(ops.Count, end + Context);
            var hunk = ops.GetRange(start, end - start);
            var aStart = hunk.FirstOrDefault(o => o.Kind != '+').A;
            var bStart = hunk.FirstOrDefault(o => o.Kind != '-').B;
            sb.Append("@@ -").Append(aStart + 1).Append(',').Append(hunk.Count(o => o.Kind != '+'))
              .Append(" +").Append(bStart + 1).Append(',').Append(hunk.Count(o => o.Kind != '-')).Append(" @@\n");
            foreach (var op in hunk)
            {
                sb.Append(op.Kind).Append(op.Kind == '+' ? b[op.B] : a[op.A]).Append('\n');
            }

            i = end;
        }

        return sb.ToString();
    }

    private static List<(char Kind, int A, int B)> Operations(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1][];
        for (var i = 0; i <= a.Length; i++)
        {
            lcs[i] = new int[b.Length + 1];
        }

        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i][j] = string.Equals(a[i], b[j], StringComparison.Ordinal) ? lcs[i + 1][j + 1] + 1 : Math.Max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }

        var ops = new List<(char, int, int)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && string.Equals(a[x], b[y], StringComparison.Ordinal))
            {
                ops.Add((' ', x++, y++));
            }
            else if (y < b.Length && (x == a.Length || lcs[x][y + 1] >= lcs[x + 1][y]))
            {
                ops.Add(('+', x, y++));
            }
            else
            {
                ops.Add(('-', x++, y));
            }
        }

        return ops;
    }
}
