using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeFM.Gateway.Tests.Support;

/// <summary>A tiny OpenAI-compatible server on 127.0.0.1 (Kestrel, random port) for fault tests.</summary>
public sealed class FakeCloudServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _hits;

    private FakeCloudServer(WebApplication app) => _app = app;

    public CloudBehaviour Behaviour { get; set; }

    public int Hits => Volatile.Read(ref _hits);

    /// <summary>Status of <see cref="CloudBehaviour.Rejects"/> answers.</summary>
    public int RejectStatus { get; set; } = 404;

    /// <summary>The <c>model</c> of the last request received.</summary>
    public string? LastModel { get; private set; }

    /// <summary>The OpenAI error body <see cref="CloudBehaviour.Rejects"/> sends for <paramref name="model"/>.</summary>
    public static string RejectBody(string model) =>
        $$$"""{"error":{"message":"The model `{{{model}}}` does not exist or you do not have access to it.","type":"invalid_request_error","param":"model","code":"model_not_found"}}""";

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request body received, exactly as it arrived, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Received { get; } = new();

    public static async Task<FakeCloudServer> StartAsync(CloudBehaviour behaviour)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeCloudServer(app) { Behaviour = behaviour };
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address + "/v1");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _hits);
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        Received.Enqueue(body);
        using (var request = System.Text.Json.JsonDocument.Parse(body))
        {
            LastModel = request.RootElement.GetProperty("model").GetString();
        }

        try
        {
            await AnswerAsync(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The gateway gave up on this request (its time limit) or shut down.
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        switch (Behaviour)
        {
            case CloudBehaviour.Failing:
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("""{"error":{"message":"boom","type":"server_error","param":null,"code":null}}""");
                return;
            case CloudBehaviour.Slow:
                await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
                break;
            case CloudBehaviour.HangAfterAccept:
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                return;
            case CloudBehaviour.NotJson:
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body>Down for maintenance</body></html>");
                return;
            case CloudBehaviour.Rejects:
                context.Response.StatusCode = RejectStatus;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(RejectBody(LastModel ?? "?"));
                return;
        }

        context.Response.ContentType = "text/event-stream";
        await context.Response.WriteAsync(Chunk("cloud", "null"));
        await context.Response.Body.FlushAsync();
        switch (Behaviour)
        {
            case CloudBehaviour.HangAfterFirstChunk:
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                return;
            case CloudBehaviour.BreakMidEvent:
                await context.Response.WriteAsync("""data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"big","choices":[{"index":0,"delta":{"content":" sa""");
                return;
            case CloudBehaviour.ResetMidStream:
                context.Abort();
                return;
        }

        await context.Response.WriteAsync(Chunk(" says", "null") + Chunk(" hi", "\"stop\""));
        await context.Response.WriteAsync("""data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"big","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""" + "\n\n");
        await context.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static string Chunk(string text, string finish) =>
        $$"""data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"big","choices":[{"index":0,"delta":{"content":"{{text}}"},"finish_reason":{{finish}}}]}""" + "\n\n";
}
