using System.Collections.Frozen;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.Hosting.Dashboard;

/// <summary>The page, script and styles, embedded in the assembly (<c>Dashboard/Assets</c>) so the host needs no files or CDN.</summary>
internal static class DashboardAssets
{
    private const string Prefix = "Orchestrator.Dashboard.";

    private static readonly FrozenDictionary<string, (byte[] Body, string ContentType)> Assets = Load();

    public static IResult Page(int refreshSeconds)
    {
        var html = System.Text.Encoding.UTF8.GetString(Assets["index.html"].Body)
            .Replace("__REFRESH_SECONDS__", refreshSeconds.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return Results.Content(html, "text/html; charset=utf-8");
    }

    public static IResult Get(string asset) =>
        asset != "index.html" && Assets.TryGetValue(asset, out var found)
            ? Results.Bytes(found.Body, found.ContentType)
            : Results.NotFound();

    private static FrozenDictionary<string, (byte[] Body, string ContentType)> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var file = name[Prefix.Length..];
            assets[file] = (buffer.ToArray(), Path.GetExtension(file) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                _ => "application/octet-stream",
            });
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
