using System.Net;
using EdgeFM.Gateway.Configuration;
using EdgeFM.Gateway.Dashboard;
using EdgeFM.Gateway.Tests.Support;
using EdgeFM.TestSupport;
using Microsoft.Extensions.Configuration;

namespace EdgeFM.Gateway.Tests.Dashboard;

/// <summary>Who may see the dashboard: the API key, exchanged at sign-in for a session cookie that opens the dashboard's read-only paths only.</summary>
public sealed class DashboardAccessTests
{
    private const string Key = "dash-key";

    [Fact]
    public async Task Without_a_session_the_page_is_a_sign_in_form_and_the_data_needs_the_key()
    {
        await using var gateway = await StartAsync(dashboard: true);

        using var page = await gateway.Client.GetAsync("/dashboard");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("name=\"key\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("dashboard.js", html, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        await (await gateway.Client.GetAsync("/v1/edge/stats")).AssertErrorAsync(401, "invalid_api_key");
        await (await gateway.Client.GetAsync("/v1/edge/events")).AssertErrorAsync(401, "invalid_api_key");
        await (await gateway.Client.GetAsync("/dashboard/dashboard.js")).AssertErrorAsync(401, "invalid_api_key");

        using var wrong = await SignInAsync(gateway, "not-the-key");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Incorrect API key.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task The_key_buys_a_session_cookie_that_opens_only_the_dashboard_until_sign_out()
    {
        await using var gateway = await StartAsync(dashboard: true);

        using var signIn = await SignInAsync(gateway, Key);
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.Equal("/dashboard", signIn.Headers.Location?.OriginalString);
        var setCookie = signIn.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith(DashboardSessions.CookieName + "=", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, setCookie, StringComparison.Ordinal);
        var cookie = setCookie.Split(';')[0];

        using var page = await SendAsync(gateway, HttpMethod.Get, "/dashboard", cookie);
        Assert.Contains("dashboard.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var chart = await SendAsync(gateway, HttpMethod.Get, "/dashboard/vendor/uPlot.iife.min.js", cookie);
        Assert.Equal(HttpStatusCode.OK, chart.StatusCode);
        Assert.Equal("text/javascript", chart.Content.Headers.ContentType?.MediaType);
        using var license = await SendAsync(gateway, HttpMethod.Get, "/dashboard/vendor/uPlot.LICENSE", cookie);
        Assert.Contains("MIT License", await license.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var stats = await SendAsync(gateway, HttpMethod.Get, "/v1/edge/stats", cookie);
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(gateway, HttpMethod.Get, "/dashboard/no-such-file.js", cookie)).StatusCode);

        // The session is no API key: completions, the model list and admin actions still need the bearer key.
        await (await SendAsync(gateway, HttpMethod.Get, "/v1/models", cookie)).AssertErrorAsync(401, "invalid_api_key");
        await (await SendAsync(gateway, HttpMethod.Post, "/v1/edge/models/m0/load", cookie)).AssertErrorAsync(401, "invalid_api_key");
        using var chat = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent("""{"model":"m0","messages":[{"role":"user","content":"hi"}]}""") };
        chat.Headers.Add("Cookie", cookie);
        await (await gateway.Client.SendAsync(chat)).AssertErrorAsync(401, "invalid_api_key");

        using var signOut = await SendAsync(gateway, HttpMethod.Post, "/dashboard/logout", cookie);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        await (await SendAsync(gateway, HttpMethod.Get, "/v1/edge/stats", cookie)).AssertErrorAsync(401, "invalid_api_key");
    }

    [Fact]
    public async Task The_bearer_key_opens_the_page_directly()
    {
        await using var gateway = await StartAsync(dashboard: true);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);

        using var page = await gateway.Client.SendAsync(request);

        Assert.Contains("dashboard.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_dashboard_off_its_page_is_not_found_and_the_data_endpoints_stay()
    {
        await using var gateway = await StartAsync(dashboard: false);
        await (await gateway.Client.GetAsync("/dashboard")).AssertErrorAsync(401, "invalid_api_key");
        await (await gateway.Client.PostAsync("/dashboard/login", new FormUrlEncodedContent([new("key", Key)]))).AssertErrorAsync(401, "invalid_api_key");

        gateway.Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        await (await gateway.Client.GetAsync("/dashboard")).AssertErrorAsync(404, "unknown_url");
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Client.GetAsync("/dashboard/dashboard.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/v1/edge/stats")).StatusCode);

        await using var open = await TestGateway.StartAsync(models: 1);
        await (await open.Client.GetAsync("/dashboard")).AssertErrorAsync(404, "unknown_url");
    }

    [Fact]
    public async Task Without_an_api_key_the_dashboard_needs_no_sign_in()
    {
        await using var gateway = await TestGateway.StartAsync(models: 1, configure: o => o with { Dashboard = true });

        using var page = await gateway.Client.GetAsync("/dashboard");

        Assert.Contains("dashboard.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("on", true)]
    [InlineData("OFF", false)]
    [InlineData("true", true)]
    public void The_setting_reads_on_and_off(string value, bool expected)
    {
        using var directory = new TempDirectory();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Models"] = directory.Path, ["Dashboard"] = value }).Build();

        Assert.Equal(expected, GatewaySettings.Load(configuration).Dashboard);
        Assert.False(GatewaySettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Models"] = directory.Path }).Build()).Dashboard);
    }

    [Fact]
    public void A_bad_setting_is_one_line_naming_it()
    {
        using var directory = new TempDirectory();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Models"] = directory.Path, ["Dashboard"] = "maybe" }).Build();

        var error = Assert.Throws<GatewayConfigurationException>(() => GatewaySettings.Load(configuration));

        Assert.Equal("--dashboard maybe: expected on or off (setting Dashboard, env EDGEFM_DASHBOARD).", error.Message);
    }

    private static Task<TestGateway> StartAsync(bool dashboard) =>
        TestGateway.StartAsync(models: 1, configure: o => o with { ApiKey = Key, Dashboard = dashboard });

    private static Task<HttpResponseMessage> SignInAsync(TestGateway gateway, string key) =>
        gateway.Client.PostAsync("/dashboard/login", new FormUrlEncodedContent([new("key", key)]));

    private static Task<HttpResponseMessage> SendAsync(TestGateway gateway, HttpMethod method, string path, string cookie)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        return gateway.Client.SendAsync(request);
    }
}
