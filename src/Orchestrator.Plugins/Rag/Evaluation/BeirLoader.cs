using System.Text.Json;

namespace Orchestrator.Rag.Evaluation;

/// <summary>Loads a BEIR-layout collection: <c>corpus.jsonl</c>, <c>queries.jsonl</c>, <c>qrels/SPLIT.tsv</c>.</summary>
public static class BeirLoader
{
    /// <summary>Loads the collection in <paramref name="directory"/>.</summary>
    /// <param name="directory">The collection folder.</param>
    /// <param name="split">The qrels split; <see langword="null"/> picks the only qrels file, else <c>test</c>.</param>
    /// <returns>The dataset, with only the judged queries of the split.</returns>
    public static EvalDataset Load(string directory, string? split = null)
    {
        var qrelsPath = ResolveQrels(directory, split);
        var documents = new List<EvalDocument>();
        foreach (var line in File.ReadLines(Path.Combine(directory, "corpus.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            documents.Add(new EvalDocument(
                root.GetProperty("_id").GetString()!,
                root.TryGetProperty("title", out var title) ? title.GetString() ?? string.Empty : string.Empty,
                root.GetProperty("text").GetString() ?? string.Empty));
        }

        var qrels = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(qrelsPath).Skip(1))
        {
            var parts = line.Split('\t');
            if (parts.Length < 3)
            {
                continue;
            }

            if (!qrels.TryGetValue(parts[0], out var judged))
            {
                qrels[parts[0]] = judged = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            judged[parts[1]] = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
        }

        var queries = new List<EvalQuery>();
        foreach (var line in File.ReadLines(Path.Combine(directory, "queries.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var id = json.RootElement.GetProperty("_id").GetString()!;
            if (qrels.ContainsKey(id))
            {
                queries.Add(new EvalQuery(id, json.RootElement.GetProperty("text").GetString() ?? string.Empty));
            }
        }

        return new EvalDataset(
            Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)) + "/" + Path.GetFileNameWithoutExtension(qrelsPath),
            documents,
            queries,
            qrels.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int>)p.Value, StringComparer.Ordinal));
    }

    private static string ResolveQrels(string directory, string? split)
    {
        var folder = Path.Combine(directory, "qrels");
        if (split is not null)
        {
            var path = Path.Combine(folder, split + ".tsv");
            return File.Exists(path) ? path : throw new FileNotFoundException($"No qrels for split '{split}' in '{folder}'.", path);
        }

        var files = Directory.GetFiles(folder, "*.tsv");
        return files.Length == 1 ? files[0] : Path.Combine(folder, "test.tsv");
    }
}
