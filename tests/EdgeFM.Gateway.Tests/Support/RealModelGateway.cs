using EdgeFM.Gateway.Backends;
using EdgeFM.Gateway.Configuration;
using EdgeFM.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFM.Gateway.Tests.Support;

/// <summary>An in-process gateway on a test server serving the shared stories260K.gguf with EdgeFM's runtime.</summary>
public sealed class RealModelGateway : IAsyncDisposable
{
    public const string Model = "stories260K";

    private readonly TempDirectory _directory;

    private RealModelGateway(TempDirectory directory, WebApplication app)
    {
        _directory = directory;
        App = app;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public Gateway.Context.LiveDemonstrations Demonstrations => App.Services.GetRequiredService<Gateway.Context.LiveDemonstrations>();

    public string Directory => _directory.Path;

    /// <summary>Starts the gateway; <paramref name="prepare"/> may add files (adapters) to the models directory first.</summary>
    public static async Task<RealModelGateway> StartAsync(Func<GatewayOptions, GatewayOptions>? configure = null, TimeProvider? time = null, Action<TempDirectory>? prepare = null)
    {
        var directory = new TempDirectory();
        try
        {
            File.Copy(SharedPaths.Model("stories260K.gguf"), directory.File("stories260K.gguf"));
            prepare?.Invoke(directory);
            var options = new GatewayOptions { ModelsDirectory = directory.Path, MemoryBudgetBytes = 1L << 30, Policy = "LRU", ContextLength = 256, Seed = 1 };
            options = configure?.Invoke(options) ?? options;
            var app = GatewayHost.Build(options, new LlamaModelLoader(options.ContextLength, threads: 1, parallelPerModel: 1, time ?? TimeProvider.System), b => b.WebHost.UseTestServer(), time: time);
            await app.StartAsync();
            return new RealModelGateway(directory, app);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _directory.Dispose();
    }
}
