using System.Diagnostics;
using System.Net;
using EdgeFM.Gateway.Tests.EndToEnd;
using EdgeFM.Gateway.Tests.Support;
using EdgeFM.TestSupport;

namespace EdgeFM.Gateway.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser: a real <c>edgefm serve --dashboard on</c> process with two copies of stories260K
/// under a budget that holds one, and tests/browser/dashboard.test.mjs driving Debian's chromium through playwright-core
/// (sign in, the loaded model shown, the traffic table moving after a request, the LRU eviction with its reason after a
/// request for the other model, no console errors). <c>.ci/run</c> installs chromium and runs <c>npm ci</c> in
/// tests/browser when they are missing. The screenshot lands in artifacts/browser/dashboard.png.
/// </summary>
[Collection(nameof(EndToEndTests))]
public sealed class DashboardBrowserTests
{
    [Fact]
    public async Task The_dashboard_shows_models_traffic_and_evictions_live_in_chromium()
    {
        var browserTests = Path.Combine(SharedPaths.RepositoryRoot, "tests", "browser");
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } given ? given : "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"{chromium} is missing: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH; .ci/run does this.");
        Assert.True(
            Directory.Exists(Path.Combine(browserTests, "node_modules", "playwright-core")),
            $"playwright-core is missing: run 'npm ci' in {browserTests} (.ci/run does this).");

        using var models = new TempDirectory();
        File.Copy(SharedPaths.Model("stories260K.gguf"), models.File("story-a.gguf"));
        File.Copy(SharedPaths.Model("stories260K.gguf"), models.File("story-b.gguf"));

        // stories260K needs about 2.1 MiB at the default context: 3 MiB holds one copy, so serving the other evicts it.
        await using var serve = await ServeProcess.StartAsync(
            "--models", models.Path, "--memory-budget", "3MiB", "--policy", "LRU", "--api-key", "browser-key", "--dashboard", "on");
        using var http = new HttpClient { BaseAddress = serve.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "browser-key");
        using (var load = await http.PostAsync("/v1/edge/models/story-a/load", null))
        {
            Assert.Equal(HttpStatusCode.OK, load.StatusCode);
        }

        var screenshot = Path.Combine(SharedPaths.RepositoryRoot, "artifacts", "browser", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);
        var start = new ProcessStartInfo("node") { WorkingDirectory = browserTests, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("dashboard.test.mjs");
        start.Environment["EDGEFM_URL"] = serve.BaseUrl.ToString();
        start.Environment["EDGEFM_KEY"] = "browser-key";
        start.Environment["EDGEFM_MODEL_A"] = "story-a";
        start.Environment["EDGEFM_MODEL_B"] = "story-b";
        start.Environment["EDGEFM_POLICY"] = "LRU";
        start.Environment["EDGEFM_SCREENSHOT"] = screenshot;
        start.Environment["CHROMIUM_PATH"] = chromium;
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await node.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException ex)
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException($"the browser test did not finish within 90 s:\n{await output}\n{await errors}", ex);
        }

        var log = $"{await output}\n{await errors}\ngateway: {serve.Errors}";
        Assert.True(node.ExitCode == 0, $"the browser test failed (exit code {node.ExitCode}):\n{log}");
        Assert.Contains("dashboard browser test passed", log, StringComparison.Ordinal);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot was not saved");
    }
}
