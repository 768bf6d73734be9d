using System.Globalization;
using System.Text;

namespace Orchestrator.Rag.Evaluation;

/// <summary>Loads the Glasgow SMART-format collections Cranfield 1400 and CISI.</summary>
public static class SmartLoader
{
    /// <summary>
    /// Loads Cranfield. Queries are numbered by position (1..225), as <c>cranqrel</c> numbers them, not by their
    /// <c>.I</c> ids. Grades 1 (complete answer) to 4 (minimal interest) become gains 4 to 1; grade -1 ("no interest")
    /// is a judged non-relevant document (gain 0).
    /// </summary>
    /// <param name="directory">The folder with <c>cran.all.1400</c>, <c>cran.qry</c>, <c>cranqrel</c>.</param>
    /// <returns>The dataset.</returns>
    public static EvalDataset LoadCranfield(string directory)
    {
        var docs = Parse(Path.Combine(directory, "cran.all.1400"))
            .Select(r => new EvalDocument(r.Id, r.Get('T'), r.Get('W'))).ToList();
        var queries = Parse(Path.Combine(directory, "cran.qry"))
            .Select((r, i) => new EvalQuery((i + 1).ToString(CultureInfo.InvariantCulture), r.Get('W'))).ToList();
        var qrels = ReadQrels(Path.Combine(directory, "cranqrel"), grade => grade is >= 1 and <= 4 ? 5 - grade : 0);
        return Build("cranfield", docs, queries, qrels);
    }

    /// <summary>Loads CISI (binary judgments; the 36 queries without judgments are dropped).</summary>
    /// <param name="directory">The folder with <c>CISI.ALL</c>, <c>CISI.QRY</c>, <c>CISI.REL</c>.</param>
    /// <returns>The dataset.</returns>
    public static EvalDataset LoadCisi(string directory)
    {
        var docs = Parse(Path.Combine(directory, "CISI.ALL"))
            .Select(r => new EvalDocument(r.Id, r.Get('T'), r.Get('W'))).ToList();
        var queries = Parse(Path.Combine(directory, "CISI.QRY"))
            .Select(r => new EvalQuery(r.Id, r.Get('W'))).ToList();
        var qrels = ReadQrels(Path.Combine(directory, "CISI.REL"), _ => 1);
        return Build("cisi", docs, queries, qrels);
    }

    private static EvalDataset Build(string name, List<EvalDocument> docs, List<EvalQuery> queries, Dictionary<string, Dictionary<string, int>> qrels) =>
        new(name, docs, [.. queries.Where(q => qrels.ContainsKey(q.Id))], qrels.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int>)p.Value, StringComparer.Ordinal));

    private static Dictionary<string, Dictionary<string, int>> ReadQrels(string path, Func<int, int> gain)
    {
        var qrels = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2)
            {
                continue;
            }

            var grade = parts.Length > 2 && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var g) ? g : 1;
            if (!qrels.TryGetValue(parts[0], out var judged))
            {
                qrels[parts[0]] = judged = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            judged[parts[1]] = gain(grade);
        }

        return qrels;
    }

    private static List<SmartRecord> Parse(string path)
    {
        var records = new List<SmartRecord>();
        SmartRecord? current = null;
        var field = '\0';
        var text = new StringBuilder();
        void Flush()
        {
            if (current is not null && field != '\0')
            {
                current.Fields[field] = text.ToString().Trim();
            }

            text.Clear();
        }

        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length >= 2 && line[0] == '.' && char.IsAsciiLetterUpper(line[1]) && (line.Length == 2 || line[2] == ' '))
            {
                Flush();
                field = line[1];
                if (field == 'I')
                {
                    current = new SmartRecord(line[2..].Trim());
                    records.Add(current);
                    field = '\0';
                }

                continue;
            }

            text.Append(line).Append(' ');
        }

        Flush();
        return records;
    }

    private sealed class SmartRecord(string id)
    {
        public string Id { get; } = id;

        public Dictionary<char, string> Fields { get; } = [];

        public string Get(char field) => Fields.GetValueOrDefault(field, string.Empty);
    }
}
