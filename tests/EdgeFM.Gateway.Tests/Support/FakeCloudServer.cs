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

    public Uri BaseUrl { get; private set; } = null!;

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
        switch (Behaviour)
        {
            case CloudBehaviour.Failing:
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("""{"error":{"message":"boom","type":"server_error","param":null,"code":null}}""");
                return;
            case CloudBehaviour.Slow:
                await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
                break;
        }

        context.Response.ContentType = "text/event-stream";
        foreach (var (text, finish) in new[] { ("cloud", "null"), (" says", "null"), (" hi", "\"stop\"") })
        {
            await context.Response.WriteAsync(
                $$"""data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"big","choices":[{"index":0,"delta":{"content":"{{text}}"},"finish_reason":{{finish}}}]}""" + "\n\n");
        }

        await context.Response.WriteAsync("""data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"big","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""" + "\n\n");
        await context.Response.WriteAsync("data: [DONE]\n\n");
    }
}
