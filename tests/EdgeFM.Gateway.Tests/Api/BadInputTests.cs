using System.Net;
using System.Text;
using System.Text.Json;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Configuration;
using EdgeFM.Gateway.Tests.Support;
using EdgeFM.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFM.Gateway.Tests.Api;

/// <summary>Bad client input is a 4xx naming what is wrong, never a 500, and never silently ignored.</summary>
public sealed class BadInputTests
{
    private const string Chat = """{"model":"m0","messages":[{"role":"user","content":"hi"}],"max_tokens":2""";

    [Theory]
    [InlineData("0")]
    [InlineData("1e-300")]
    [InlineData("0.0005")]
    public void A_top_p_too_small_to_hold_more_than_one_token_means_greedy(string topP)
    {
        var request = new RequestParser(1000, 16).Parse(EndpointKind.Chat, Encoding.UTF8.GetBytes(Chat + $",\"temperature\":0.9,\"top_p\":{topP}}}"));

        Assert.Equal(0f, request.Options.Temperature);
        Assert.Null(request.Options.TopP);
    }

    [Fact]
    public void A_usable_top_p_and_frequency_penalty_pass_through()
    {
        var request = new RequestParser(1000, 16).Parse(EndpointKind.Chat, Encoding.UTF8.GetBytes(Chat + ",\"temperature\":0.9,\"top_p\":0.5,\"frequency_penalty\":0.25}"));

        Assert.Equal(0.9f, request.Options.Temperature);
        Assert.Equal(0.5f, request.Options.TopP);
        Assert.Equal(0.25f, request.Options.FrequencyPenalty);
    }

    [Theory]
    [InlineData("\"stop\":\"\"", "stop", null)]
    [InlineData("\"stop\":[\"a\",\"\"]", "stop", null)]
    [InlineData("\"top_p\":1.5", "top_p", null)]
    [InlineData("\"logprobs\":true", "logprobs", "unsupported_parameter")]
    [InlineData("\"top_logprobs\":3", "top_logprobs", "unsupported_parameter")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]", "tools", "unsupported_parameter")]
    [InlineData("\"tool_choice\":\"required\"", "tool_choice", "unsupported_parameter")]
    [InlineData("\"functions\":[{\"name\":\"f\"}]", "functions", "unsupported_parameter")]
    [InlineData("\"function_call\":{\"name\":\"f\"}", "function_call", "unsupported_parameter")]
    [InlineData("\"response_format\":{\"type\":\"json_object\"}", "response_format", "unsupported_parameter")]
    [InlineData("\"echo\":true", "echo", "unsupported_parameter")]
    [InlineData("\"best_of\":2", "best_of", "unsupported_parameter")]
    [InlineData("\"suffix\":\"end\"", "suffix", "unsupported_parameter")]
    [InlineData("\"n\":2", "n", "unsupported_parameter")]
    [InlineData("\"logit_bias\":{\"50256\":-100}", "logit_bias", "unsupported_parameter")]
    [InlineData("\"presence_penalty\":0.5", "presence_penalty", "unsupported_parameter")]
    [InlineData("\"modalities\":[\"text\",\"audio\"]", "modalities", "unsupported_parameter")]
    [InlineData("\"store\":true", "store", "unsupported_parameter")]
    public async Task Fields_the_gateway_cannot_honour_get_400_naming_the_field(string field, string param, string? code)
    {
        await using var gateway = await TestGateway.StartAsync();

        using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", Chat + "," + field + "}");

        await response.AssertErrorAsync(400, code, param);
        Assert.Equal(0, gateway.Loader.Generations);
    }

    [Fact]
    public async Task Unsupported_fields_that_ask_for_nothing_are_accepted()
    {
        await using var gateway = await TestGateway.StartAsync();
        const string defaults = """
            "logprobs":false,"top_logprobs":null,"tools":[],"tool_choice":"none","functions":null,"function_call":"auto",
            "parallel_tool_calls":true,"response_format":{"type":"text"},"logit_bias":{},"presence_penalty":0,
            "modalities":["text"],"audio":null,"store":false,"n":1,"top_p":0
            """;

        using var chat = await gateway.Client.PostJsonAsync("/v1/chat/completions", Chat + "," + defaults + "}");
        using var completion = await gateway.Client.PostJsonAsync("/v1/completions", """{"model":"m0","prompt":"hi","max_tokens":2,"echo":false,"best_of":1,"suffix":null,"logprobs":null}""");

        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Equal(HttpStatusCode.OK, completion.StatusCode);
        Assert.Contains(RequestParser.UnsupportedFields, f => f.Name == "tools");
    }

    [Theory]
    [InlineData(400, "invalid_body")]
    [InlineData(408, "request_timeout")]
    [InlineData(413, "request_too_large")]
    public async Task An_upload_kestrel_refuses_is_answered_with_its_status_not_500(int status, string code)
    {
        await using var gateway = await TestGateway.StartAsync();
        var context = await SendAsync(gateway, new FailingBody(new BadHttpRequestException("Reading the request body failed.", status)));

        Assert.Equal(status, context.Status);
        Assert.Equal(code, context.Error.GetProperty("code").GetString());
        Assert.Contains($"status=\"{status}\"}} 1", gateway.App.Services.GetRequiredService<Metrics.GatewayMetrics>().Render(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_the_client_aborts_is_400()
    {
        await using var gateway = await TestGateway.StartAsync();
        var context = await SendAsync(gateway, new FailingBody(new IOException("The client reset the connection.")));

        Assert.Equal(400, context.Status);
        Assert.Equal("request_aborted", context.Error.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_api_key_refuses_to_start(string key)
    {
        using var directory = new TempDirectory();
        var configuration = GatewaySettings.BuildConfiguration(directory.Path, new Dictionary<string, string?>(StringComparer.Ordinal) { ["Models"] = directory.Path, ["ApiKey"] = key });

        var error = Assert.Throws<GatewayConfigurationException>(() => GatewaySettings.Load(configuration));

        Assert.StartsWith("--api-key", error.Message, StringComparison.Ordinal);
        Assert.Contains("EDGEFM_APIKEY", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "no authentication")]
    [InlineData("s3cret", "API key required")]
    public async Task The_banner_says_whether_authentication_is_on(string? key, string expected)
    {
        await using var gateway = await TestGateway.StartAsync(configure: o => o with { ApiKey = key });

        Assert.Equal(key is not null, gateway.App.Services.GetRequiredService<GatewayOptions>().AuthenticationEnabled);
        Assert.Contains(expected, GatewayHost.Describe(gateway.App), StringComparison.Ordinal);
    }

    private static async Task<(int Status, JsonElement Error)> SendAsync(TestGateway gateway, Stream body)
    {
        var endpoint = gateway.App.Services.GetRequiredService<GenerationEndpoint>();
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Body = body;
        var output = new MemoryStream();
        context.Response.Body = output;
        await endpoint.HandleAsync(context, EndpointKind.Chat);
        await context.Response.BodyWriter.FlushAsync();
        return (context.Response.StatusCode, JsonDocument.Parse(output.ToArray()).RootElement.GetProperty("error").Clone());
    }

    /// <summary>A request body whose reads fail the way Kestrel's do for a bad, slow or aborted upload.</summary>
    private sealed class FailingBody(Exception failure) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw failure;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromException<int>(failure);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
