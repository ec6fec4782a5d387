using System.Text;
using EdgeFM.Edge.Demonstrations;
using EdgeFM.Edge.Location;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Tests.Support;
using EdgeFM.TestSupport;

namespace EdgeFM.Gateway.Tests.Api;

/// <summary>The edgefm request fields and the x-edgefm-location header: read, validated, and refused with 400s naming the field.</summary>
public sealed class EdgeFieldsTests
{
    private static readonly ILocationContextProvider Locations = new GazetteerLocationProvider(
        Gazetteer.Load(Path.Combine(SharedPaths.RepositoryRoot, "data", "gazetteer", "cities.csv")));

    private static readonly RequestParser Parser = new(1000, 16, Locations);

    private static GenerationRequest Parse(string edgefm, string? header = null, string model = "m0", string extra = "") =>
        Parser.Parse(
            EndpointKind.Chat,
            Encoding.UTF8.GetBytes($$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]{{extra}}{{(edgefm.Length == 0 ? "" : ",\"edgefm\":" + edgefm)}}}"""),
            header);

    [Theory]
    [InlineData("""{"location":{"lat":91,"lon":2}}""", "edgefm.location.lat")]
    [InlineData("""{"location":{"lat":-90.5,"lon":2}}""", "edgefm.location.lat")]
    [InlineData("""{"location":{"lat":48,"lon":180.01}}""", "edgefm.location.lon")]
    [InlineData("""{"location":{"lat":"48","lon":2}}""", "edgefm.location.lat")]
    [InlineData("""{"location":{"lat":48}}""", "edgefm.location.lon")]
    [InlineData("""{"location":[48,2]}""", "edgefm.location")]
    [InlineData("""{"site":""}""", "edgefm.site")]
    [InlineData("""{"site":"stadium"}""", "edgefm.site")]
    [InlineData("\"paris\"", "edgefm")]
    [InlineData("""{"personalize":"yes"}""", "edgefm.personalize")]
    [InlineData("""{"share":1}""", "edgefm.share")]
    [InlineData("""{"user":""}""", "edgefm.user")]
    public void An_invalid_edgefm_field_is_a_400_naming_it(string edgefm, string param)
    {
        var error = Assert.Throws<ApiException>(() => Parse(edgefm));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal(param, error.Param);
    }

    [Fact]
    public void An_unknown_edgefm_key_is_refused_as_an_unsupported_parameter()
    {
        var error = Assert.Throws<ApiException>(() => Parse("""{"locaton":{"lat":1,"lon":2}}"""));

        Assert.Equal("edgefm.locaton", error.Param);
        Assert.Equal("unsupported_parameter", error.Code);
    }

    [Theory]
    [InlineData("91,2")]
    [InlineData("48.85")]
    [InlineData("north")]
    public void A_bad_location_header_is_a_400_naming_the_header(string header)
    {
        var error = Assert.Throws<ApiException>(() => Parse("", header));

        Assert.Equal(LocationRequestReader.HeaderName, error.Param);
    }

    [Fact]
    public void Location_user_sharing_and_personalization_are_read_and_the_body_point_wins_over_the_header()
    {
        var request = Parse("""{"location":{"lat":48.8566,"lon":2.3522},"personalize":true,"user":"ann","share":true}""", "10,10", extra: ",\"user\":\"openai-user\"");

        Assert.Equal(new GeoPoint(48.8566, 2.3522), request.Edge.Location!.Point);
        Assert.True(request.Edge.Personalize);
        Assert.True(request.Edge.Share);
        Assert.Equal(new UserId("ann"), request.Edge.User);
        Assert.Equal(new GeoPoint(10, 10), Parse("", "10,10").Edge.Location!.Point);
        Assert.Equal(new UserId("openai-user"), Parse("", extra: ",\"user\":\"openai-user\"").Edge.User);
        Assert.Equal(UserId.Anonymous, Parse("").Edge.User);
        Assert.Null(Parse("").Edge.Location);
        Assert.False(Parse("").Edge.Personalize);
    }

    [Fact]
    public void A_netgpt_model_name_asks_for_personalization_answered_by_the_named_model()
    {
        var request = Parse("", model: "netgpt/gpt-4o-mini");

        Assert.True(request.Edge.Personalize);
        Assert.Equal("gpt-4o-mini", request.Model);
        Assert.Equal("gpt-4o-mini", request.Options.ModelId);
        Assert.Equal("model", Assert.Throws<ApiException>(() => Parse("", model: "netgpt/")).Param);
    }

    [Fact]
    public async Task Over_http_a_bad_location_is_an_openai_style_400_and_the_header_is_read()
    {
        await using var gateway = await TestGateway.StartAsync();

        using var lat = await gateway.Client.PostJsonAsync("/v1/chat/completions", """{"model":"m0","messages":[{"role":"user","content":"hi"}],"edgefm":{"location":{"lat":95,"lon":0}}}""");
        await lat.AssertErrorAsync(400, "invalid_request", "edgefm.location.lat");
        using var site = await gateway.Client.PostJsonAsync("/v1/chat/completions", """{"model":"m0","messages":[{"role":"user","content":"hi"}],"edgefm":{"site":"nowhere"}}""");
        await site.AssertErrorAsync(400, "invalid_request", "edgefm.site");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"m0","messages":[{"role":"user","content":"hi"}],"max_tokens":2}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(LocationRequestReader.HeaderName, "0,200");
        using var header = await gateway.Client.SendAsync(request);
        await header.AssertErrorAsync(400, "invalid_request", LocationRequestReader.HeaderName);
    }
}
