using Markdig;
using Markdig.Syntax;

namespace Orchestrator.Rag.Loaders;

/// <summary>
/// Loads Markdown with Markdig as plain text (no markup). Simple YAML front matter (<c>key: value</c> lines, and
/// <c>tags: [a, b]</c>) becomes metadata; the title is front matter's <c>title</c>, else the first heading.
/// </summary>
public sealed class MarkdownLoader : IDocumentLoader
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    /// <inheritdoc />
    public bool CanLoad(string extension) => extension is ".md" or ".markdown";

    /// <inheritdoc />
    public async Task<LoadedContent> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var markdown = (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Replace("\r\n", "\n", StringComparison.Ordinal);
        var metadata = ReadFrontMatter(markdown, out var body);
        var document = Markdown.Parse(body, Pipeline);
        var heading = document.Descendants<HeadingBlock>().FirstOrDefault();
        var title = metadata.GetValueOrDefault("title")
            ?? (heading?.Inline is null ? null : Markdown.ToPlainText(body[heading.Span.Start..(heading.Span.End + 1)], Pipeline).Trim());
        var text = Markdown.ToPlainText(body, Pipeline);
        return new LoadedContent(text.Trim(), title, metadata);
    }

    private static Dictionary<string, string> ReadFrontMatter(string markdown, out string body)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        body = markdown;
        if (!markdown.StartsWith("---\n", StringComparison.Ordinal))
        {
            return metadata;
        }

        var end = markdown.IndexOf("\n---", 4, StringComparison.Ordinal);
        if (end < 0)
        {
            return metadata;
        }

        foreach (var line in markdown[4..end].Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var value = line[(colon + 1)..].Trim().Trim('"', '\'');
                if (value.StartsWith('[') && value.EndsWith(']'))
                {
                    value = string.Join(',', value[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => v.Trim('"', '\'')));
                }

                metadata[line[..colon].Trim()] = value;
            }
        }

        var after = markdown.IndexOf('\n', end + 4);
        body = after < 0 ? string.Empty : markdown[(after + 1)..];
        return metadata;
    }
}
