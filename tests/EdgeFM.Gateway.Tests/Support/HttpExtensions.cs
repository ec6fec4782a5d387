using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace EdgeFM.Gateway.Tests.Support;

public static class HttpExtensions
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json, string? apiKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static async Task AssertErrorAsync(this HttpResponseMessage response, int status, string? code = null, string? param = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.True(error.TryGetProperty("param", out _));
        Assert.True(error.TryGetProperty("code", out _));
        if (code is not null)
        {
            Assert.Equal(code, error.GetProperty("code").GetString());
        }

        if (param is not null)
        {
            Assert.Equal(param, error.GetProperty("param").GetString());
        }
    }
}
