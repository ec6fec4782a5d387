using EdgeFM.Gateway.Configuration;
using EdgeFM.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace EdgeFM.Gateway.Tests.Support;

/// <summary>An in-process gateway on a test server over a directory of placeholder model files.</summary>
public sealed class TestGateway : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    private TestGateway(TempDirectory directory) => _directory = directory;

    public required WebApplication App { get; init; }

    public required HttpClient Client { get; init; }

    public required FakeModelLoader Loader { get; init; }

    public Gateway.Cache.LiveModelCache Cache => (Gateway.Cache.LiveModelCache)App.Services.GetService(typeof(Gateway.Cache.LiveModelCache))!;

    public Gateway.Execution.PlanExecutor Executor => (Gateway.Execution.PlanExecutor)App.Services.GetService(typeof(Gateway.Execution.PlanExecutor))!;

    public Gateway.Context.LiveDemonstrations Demonstrations => (Gateway.Context.LiveDemonstrations)App.Services.GetService(typeof(Gateway.Context.LiveDemonstrations))!;

    public string Directory => _directory.Path;

    public static async Task<TestGateway> StartAsync(
        int models = 3,
        FakeModelLoader? loader = null,
        Func<GatewayOptions, GatewayOptions>? configure = null,
        HttpClient? cloudTransport = null,
        TimeProvider? time = null,
        Core.Caching.IDecisionObserver? observer = null,
        Action<WebApplicationBuilder>? builder = null,
        Core.Cluster.IEdgeCluster? cluster = null)
    {
        var directory = new TempDirectory();
        for (var i = 0; i < models; i++)
        {
            await File.WriteAllBytesAsync(directory.File($"m{i}.gguf"), [1, 2, 3]);
        }

        loader ??= new FakeModelLoader();
        var options = new GatewayOptions { ModelsDirectory = directory.Path, MemoryBudgetBytes = 1000, Policy = "LRU" };
        options = configure?.Invoke(options) ?? options;
        WebApplication app;
        try
        {
            app = GatewayHost.Build(
                options,
                loader,
                b =>
                {
                    b.WebHost.UseTestServer();
                    builder?.Invoke(b);
                },
                cloudTransport,
                time,
                observer,
                cluster is null ? null : _ => cluster);
        }
        catch
        {
            // A configuration the gateway refuses (tests assert it) leaves no directory behind.
            directory.Dispose();
            throw;
        }

        await app.StartAsync();
        return new TestGateway(directory) { App = app, Client = app.GetTestClient(), Loader = loader };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _directory.Dispose();
    }
}
