using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Orchestrator.Rag.Loaders;

/// <summary>
/// Loads HTML with AngleSharp, keeping the main text: <c>main</c> or <c>article</c> when present, else the body,
/// without navigation, headers, footers, asides, forms, scripts or styles. Block elements become line breaks.
/// </summary>
public sealed class HtmlLoader : IDocumentLoader
{
    private const string Boilerplate =
        "nav, header, footer, aside, form, script, style, noscript, template, iframe, svg, button, " +
        "[role=navigation], [role=banner], [role=contentinfo], [role=complementary], [aria-hidden=true]";

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "br", "tr",
        "table", "pre", "blockquote", "dt", "dd", "figcaption", "hr",
    };

    /// <inheritdoc />
    public bool CanLoad(string extension) => extension is ".html" or ".htm" or ".xhtml";

    /// <inheritdoc />
    public async Task<LoadedContent> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var html = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        using var document = new HtmlParser().ParseDocument(html);
        var title = document.Title is { Length: > 0 } t ? t.Trim() : document.QuerySelector("h1")?.TextContent.Trim();
        var root = document.QuerySelector("main") ?? document.QuerySelector("article") ?? document.Body ?? document.DocumentElement;
        foreach (var element in root.QuerySelectorAll(Boilerplate).ToArray())
        {
            element.Remove();
        }

        var text = new StringBuilder();
        Append(root, text);
        var lines = text.ToString().Split('\n').Select(l => string.Join(' ', l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (document.QuerySelector("meta[name=description]")?.GetAttribute("content") is { Length: > 0 } description)
        {
            metadata["description"] = description;
        }

        return new LoadedContent(string.Join("\n\n", lines.Where(l => l.Length > 0)), title, metadata);
    }

    private static void Append(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText leaf)
            {
                text.Append(leaf.Data);
            }
            else if (child is IElement element)
            {
                var block = Blocks.Contains(element.LocalName);
                if (block)
                {
                    text.Append('\n');
                }

                Append(element, text);
                if (block)
                {
                    text.Append('\n');
                }
            }
        }
    }
}
