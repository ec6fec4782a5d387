using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace EdgeFM.Gateway.Dashboard;

/// <summary>
/// The dashboard's static files (Dashboard/wwwroot: its page, script, style and the vendored uPlot chart library),
/// embedded in the gateway assembly so a single native binary serves them with no files beside it and no network.
/// </summary>
internal static class DashboardAssets
{
    private const string Prefix = "dashboard/";

    private static readonly FrozenDictionary<string, byte[]> Files = Load();

    /// <summary>The page and script security policy: everything from this origin, nothing inline, no framing.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /// <summary>The file at <paramref name="path"/> under wwwroot (e.g. <c>vendor/uPlot.iife.min.js</c>), or null.</summary>
    public static byte[]? Find(string path) => Files.GetValueOrDefault(path);

    /// <summary>Writes the file at <paramref name="path"/> with its content type and the dashboard's security headers, or 404.</summary>
    public static async Task WriteAsync(HttpContext context, string path, int status = StatusCodes.Status200OK, Func<string, string>? edit = null)
    {
        var bytes = Find(path);
        if (bytes is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (edit is not null)
        {
            bytes = System.Text.Encoding.UTF8.GetBytes(edit(System.Text.Encoding.UTF8.GetString(bytes)));
        }

        var headers = context.Response.Headers;
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType(path);
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";

        // Pages depend on who is signed in; scripts change with the gateway's version. Neither is worth a stale copy.
        headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "text/plain; charset=utf-8",
    };

    private static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name[Prefix.Length..]] = copy.ToArray();
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
