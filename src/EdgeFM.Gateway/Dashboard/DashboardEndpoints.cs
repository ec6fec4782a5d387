using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeFM.Gateway.Dashboard;

/// <summary>
/// The live view's endpoints: <c>GET /v1/edge/stats</c> (one JSON snapshot) and <c>GET /v1/edge/events</c> (the same
/// snapshot as server-sent events, about once a second and at once after a cache event), always served behind the API
/// key; and, with <c>--dashboard on</c>, the page at <c>GET /dashboard</c>, its sign-in and its static files.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>Event streams open at once; more get 503, so a forgotten tab cannot pile up work.</summary>
    public const int MaxStreams = 16;

    private const string Page = "/dashboard";
    private static readonly byte[] DataPrefix = "event: stats\ndata: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    /// <summary>How often an event stream sends a snapshot when nothing happens in the cache.</summary>
    public static TimeSpan StreamInterval { get; } = TimeSpan.FromSeconds(1);

    public static void Map(WebApplication app, GatewayOptions options, DashboardStats stats, GatewayEventLog events, DashboardSessions sessions, TimeProvider time)
    {
        var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var streams = new StrongBox<int>();
        app.MapGet("/v1/edge/stats", (HttpContext context) => WriteStatsAsync(context, stats));
        app.MapGet("/v1/edge/events", (HttpContext context) => StreamAsync(context, stats, events, time, streams, stopping));
        if (!options.Dashboard)
        {
            return;
        }

        app.MapGet(Page, (HttpContext context) => sessions.IsSignedIn(context) || ApiKeyMiddleware.Verified(context)
            ? DashboardAssets.WriteAsync(context, "index.html")
            : LoginPageAsync(context, StatusCodes.Status200OK, null));
        app.MapPost(Page + "/login", (HttpContext context) => SignInAsync(context, sessions));
        app.MapPost(Page + "/logout", (HttpContext context) =>
        {
            sessions.SignOut(context);
            DashboardSessions.WriteCookie(context, null);
            context.Response.Redirect(Page);
            return Task.CompletedTask;
        });
        app.MapGet(Page + "/{*path}", (HttpContext context, string path) => DashboardAssets.WriteAsync(context, path));
    }

    /// <summary>
    /// Which requests without the API key the key check lets through when the dashboard is on: the page (it shows the
    /// sign-in form to a browser without a session), its style sheet and the sign-in itself, and, with a live session cookie, the
    /// dashboard's files, its sign-out and the two read-only data endpoints. Nothing else: a session never reaches a
    /// completion or an admin action.
    /// </summary>
    public static bool AdmitsWithoutKey(HttpContext context, DashboardSessions sessions)
    {
        var request = context.Request;
        var path = request.Path;
        var get = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        var post = HttpMethods.IsPost(request.Method);
        if ((get && (path.Equals(Page, StringComparison.Ordinal) || path.Equals(Page + "/dashboard.css", StringComparison.Ordinal)))
            || (post && path.Equals(Page + "/login", StringComparison.Ordinal)))
        {
            return true;
        }

        var sessionPath = (get && (path.StartsWithSegments(Page, StringComparison.Ordinal)
                || path.Equals("/v1/edge/stats", StringComparison.Ordinal)
                || path.Equals("/v1/edge/events", StringComparison.Ordinal)))
            || (post && path.Equals(Page + "/logout", StringComparison.Ordinal));
        return sessionPath && sessions.IsSignedIn(context);
    }

    private static async Task SignInAsync(HttpContext context, DashboardSessions sessions)
    {
        if (sessions.Open)
        {
            context.Response.Redirect(Page);
            return;
        }

        string key;
        try
        {
            key = context.Request.HasFormContentType ? (await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false))["key"].ToString() : string.Empty;
        }
        catch (InvalidDataException)
        {
            key = string.Empty;
        }

        if (sessions.SignIn(key) is not { } token)
        {
            // The form comes back with the message as a page (200), as forms do; API clients use the bearer key instead.
            await LoginPageAsync(context, StatusCodes.Status200OK, key.Length == 0 ? "Enter the gateway's API key." : "Incorrect API key.").ConfigureAwait(false);
            return;
        }

        DashboardSessions.WriteCookie(context, token);

        // 303: the browser fetches the page with GET, and a reload does not post the key again.
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = Page;
    }

    private static Task LoginPageAsync(HttpContext context, int status, string? message) =>
        DashboardAssets.WriteAsync(context, "login.html", status, html => html.Replace("<!--message-->", message is null ? string.Empty : $"<p class=\"error\" role=\"alert\">{WebUtility.HtmlEncode(message)}</p>", StringComparison.Ordinal));

    private static async Task WriteStatsAsync(HttpContext context, DashboardStats stats)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        stats.Write(writer);
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task StreamAsync(HttpContext context, DashboardStats stats, GatewayEventLog events, TimeProvider time, StrongBox<int> streams, CancellationToken stopping)
    {
        if (Interlocked.Increment(ref streams.Value) > MaxStreams)
        {
            Interlocked.Decrement(ref streams.Value);
            await OpenAiWire.WriteErrorAsync(context, ApiException.Unavailable($"{MaxStreams} event streams are open already; close one or poll GET /v1/edge/stats.")).ConfigureAwait(false);
            return;
        }

        try
        {
            using var done = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-store";

            // Proxies such as nginx would otherwise hold the stream back.
            response.Headers["X-Accel-Buffering"] = "no";
            await response.Body.WriteAsync("retry: 2000\n\n"u8.ToArray(), done.Token).ConfigureAwait(false);
            var buffer = new ArrayBufferWriter<byte>(16 * 1024);
            while (!done.IsCancellationRequested)
            {
                var changed = events.Changed;
                buffer.ResetWrittenCount();
                buffer.Write(DataPrefix);
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    stats.Write(writer);
                }

                buffer.Write(EventEnd);
                await response.Body.WriteAsync(buffer.WrittenMemory, done.Token).ConfigureAwait(false);
                await response.Body.FlushAsync(done.Token).ConfigureAwait(false);
                await Task.WhenAny(changed, Task.Delay(StreamInterval, time, done.Token)).ConfigureAwait(false);

                // A load and its evictions come as a burst of events: let it finish, then send one snapshot.
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, done.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The browser left or the gateway is stopping: the stream simply ends.
        }
        catch (IOException)
        {
            // The connection broke mid-write: nobody is left to tell.
        }
        finally
        {
            Interlocked.Decrement(ref streams.Value);
        }
    }
}
