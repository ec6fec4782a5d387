using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeFM.Core.Models;
using EdgeFM.Edge.Demonstrations;
using EdgeFM.Edge.Privacy;
using EdgeFM.Gateway.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeFM.Gateway.Tests.Execution;

/// <summary>
/// Property-generated NetGPT requests through the whole gateway (stories260K completing, a fake OpenAI cloud on
/// loopback recording every byte it receives): prompts that carry the user's coordinates and id, locations anywhere,
/// other users' shareable demonstrations in the store holding ids, an address and coordinates. What the cloud receives
/// holds no coordinate of the request, no user id, and no run of another user's demonstration.
/// </summary>
public sealed partial class NetGptEgressProperties
{
    private static readonly string[] Filler = ["where", "can", "I", "find", "dinner", "tonight", "museum", "open", "tickets", "weather", "bus", "quiet"];

    private static readonly StoredDemonstration[] Foreign =
    [
        Demo("zed-9001", "Where can I find dinner tonight?", "Where can I find dinner tonight? I live at 14 Harbour Lane flat 3 next to the violin shop, zed-9001, 51.5072, -0.1276."),
        Demo("kim-0042", "Is the museum open?", "Is the museum open? My daughter is allergic to peanuts and uses a wheelchair at the harbour ferry, kim-0042."),
    ];

    [Fact]
    public async Task The_cloud_never_receives_coordinates_user_ids_or_other_users_demonstrations()
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.Healthy);
        await using var gateway = await RealModelGateway.StartAsync(o => o with { CloudUrl = cloud.BaseUrl });
        foreach (var demo in Foreign)
        {
            Assert.True(gateway.Demonstrations.Context.Record(demo.Model, demo.User, demo.Shareable, "", demo.Prompt, demo.Response));
        }

        await gateway.Demonstrations.FlushAsync();
        var cases =
            from lat in Gen.Choose(-89_999_999, 89_999_999)
            from lon in Gen.Choose(-179_999_999, 179_999_999)
            from id in Gen.Choose(100, 999_999)
            from upper in Gen.Elements(true, false)
            from n in Gen.Choose(2, 7)
            from words in Gen.ArrayOf(Gen.Elements(Filler), n)
            from withPoint in Gen.Elements(true, false)
            from withId in Gen.Elements(true, false)
            from inHeader in Gen.Elements(true, false)
            from decimals in Gen.Choose(2, 6)
            select (lat: lat / 1e6, lon: lon / 1e6, user: $"user-{id}", upper, words, withPoint, withId, inHeader, decimals);
        var checkedCases = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(16), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var lat = c.lat.ToString("F" + c.decimals, CultureInfo.InvariantCulture);
            var lon = c.lon.ToString("F" + c.decimals, CultureInfo.InvariantCulture);
            var prompt = string.Join(' ', c.words) + (c.withPoint ? $" I am at {lat}, {lon}." : "") + (c.withId ? $" I am {(c.upper ? c.user.ToUpperInvariant() : c.user)}." : "");
            var received = Task.Run(() => SendAsync(gateway, cloud, prompt, c.lat, c.lon, c.user, c.inHeader)).GetAwaiter().GetResult();
            checkedCases++;
            return Clean(received, c.lat, c.lon, c.user, prompt);
        }));
        Assert.Equal(16, checkedCases);
    }

    private static async Task<string> SendAsync(RealModelGateway gateway, FakeCloudServer cloud, string prompt, double lat, double lon, string user, bool inHeader)
    {
        var before = cloud.Received.Count;
        var location = $"{{\"lat\":{lat.ToString("R", CultureInfo.InvariantCulture)},\"lon\":{lon.ToString("R", CultureInfo.InvariantCulture)}}}";
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = "netgpt/big",
            ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = prompt } },
            ["user"] = user,
            ["stream"] = true,
        });
        body = body[..^1] + (inHeader ? ",\"edgefm\":{\"personalize\":true}}" : $",\"edgefm\":{{\"location\":{location}}}}}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (inHeader)
        {
            request.Headers.Add("x-edgefm-location", string.Create(CultureInfo.InvariantCulture, $"{lat},{lon}"));
        }

        using var response = await gateway.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.True(Sse.Parse(text).Done, text);
        Assert.Equal(before + 1, cloud.Received.Count);
        return cloud.Received.Last();
    }

    private static bool Clean(string received, double lat, double lon, string user, string prompt)
    {
        var sent = JsonDocument.Parse(received).RootElement;
        Assert.False(sent.TryGetProperty("user", out _), received);
        var text = string.Join("\n", sent.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.DoesNotContain('°', text);
        foreach (Match number in DecimalPattern().Matches(text))
        {
            var value = Math.Abs(double.Parse(number.Value, CultureInfo.InvariantCulture));
            Assert.True(Math.Abs(value - Math.Abs(lat)) >= 0.05 && Math.Abs(value - Math.Abs(lon)) >= 0.05, $"coordinate-like {number.Value} for ({lat}, {lon}) left in: {text}");
        }

        foreach (var id in Foreign.Select(d => d.User.Value).Append(user))
        {
            Assert.DoesNotContain(id, text, StringComparison.OrdinalIgnoreCase);
        }

        var words = WordPattern().Matches(text).Select(m => m.Value.ToUpperInvariant()).ToArray();
        var sentGrams = Enumerable.Range(0, Math.Max(0, words.Length - EgressFilter.DemonstrationRun + 1))
            .Select(i => string.Join(' ', words.Skip(i).Take(EgressFilter.DemonstrationRun))).ToHashSet(StringComparer.Ordinal);
        var ownText = string.Join(' ', WordPattern().Matches(prompt).Select(m => m.Value.ToUpperInvariant()));
        foreach (var demo in Foreign)
        {
            var own = WordPattern().Matches(demo.Response).Select(m => m.Value.ToUpperInvariant()).ToArray();
            for (var i = 0; i + EgressFilter.DemonstrationRun <= own.Length; i++)
            {
                var run = string.Join(' ', own.Skip(i).Take(EgressFilter.DemonstrationRun));

                // A run the request itself holds (its own prompt) is the user's text, not the other user's.
                Assert.True(!sentGrams.Contains(run) || ownText.Contains(run, StringComparison.Ordinal), $"'{run}' of {demo.User} left in: {text}");
            }
        }

        return true;
    }

    private static StoredDemonstration Demo(string user, string prompt, string response) =>
        new(0, new ModelId(RealModelGateway.Model), new UserId(user), true, "", DateTimeOffset.UtcNow, prompt, response);

    [GeneratedRegex(@"\d+\.\d+")]
    private static partial Regex DecimalPattern();

    [GeneratedRegex(@"[\p{L}\p{N}'-]+")]
    private static partial Regex WordPattern();
}
