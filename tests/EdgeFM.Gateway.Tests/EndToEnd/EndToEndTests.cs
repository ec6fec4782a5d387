using System.ClientModel;
using System.Net;
using EdgeFM.Gateway.Tests.Support;
using EdgeFM.TestSupport;
using OpenAI;
using OpenAI.Chat;

namespace EdgeFM.Gateway.Tests.EndToEnd;

/// <summary>Two real processes on loopback: an edge gateway that offloads to a cloud gateway, both serving stories260K.</summary>
[Collection(nameof(EndToEndTests))]
public sealed class EndToEndTests
{
    [Fact]
    public async Task Edge_and_cloud_processes_serve_stories260K_and_the_openai_sdk_understands_both()
    {
        using var cloudModels = new TempDirectory();
        using var edgeModels = new TempDirectory();
        File.Copy(SharedPaths.Model("stories260K.gguf"), cloudModels.File("stories260K.gguf"));

        // The llama2.c checkpoint pairs with tok512.bin by vocabulary size (512), the naming rule's last step.
        File.Copy(SharedPaths.Model("stories260K.bin"), edgeModels.File("edge-stories.bin"));
        File.Copy(SharedPaths.Model("tok512.bin"), edgeModels.File("tok512.bin"));

        await using var cloud = await ServeProcess.StartAsync("--role", "cloud", "--models", cloudModels.Path, "--memory-budget", "64MiB", "--api-key", "cloud-key");
        await using var edge = await ServeProcess.StartAsync(
            "--models", edgeModels.Path, "--memory-budget", "16MiB", "--policy", "LC", "--api-key", "edge-key",
            "--cloud-url", new Uri(cloud.BaseUrl, "/v1").ToString(), "--cloud-api-key", "cloud-key", "--cloud-retries", "0");

        var client = new OpenAIClient(new ApiKeyCredential("edge-key"), new OpenAIClientOptions { Endpoint = new Uri(edge.BaseUrl, "/v1") });

        // The edge's own model runs at the edge; greedy decoding tells the story the reference tells.
        var local = await client.GetChatClient("edge-stories").CompleteChatAsync(
            [new UserChatMessage("Once upon a time")], new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 20 });
        Assert.Equal(ChatFinishReason.Length, local.Value.FinishReason);
        Assert.Equal(20, local.Value.Usage.OutputTokenCount);
        Assert.False(string.IsNullOrWhiteSpace(local.Value.Content[0].Text));

        using var http = new HttpClient { BaseAddress = edge.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "edge-key");
        using var completion = await http.PostJsonAsync("/v1/completions", """{"model":"edge-stories","prompt":"Once upon a time","max_tokens":12,"temperature":0}""");
        var text = (await completion.JsonAsync()).GetProperty("choices")[0].GetProperty("text").GetString();
        Assert.StartsWith(", there was a little girl named Lily", text, StringComparison.Ordinal);
        Assert.Equal("edge", completion.Headers.GetValues("x-edgefm-placement").Single());

        // A model only the cloud has goes through the OpenAI SDK on the edge to the cloud process, streamed.
        var streamed = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in client.GetChatClient("stories260K").CompleteChatStreamingAsync(
            [new UserChatMessage("Once upon a time")], new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 16 }))
        {
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
            }

            finish ??= update.FinishReason;
        }

        Assert.NotEqual(0, streamed.Length);
        Assert.NotNull(finish);
        using var viaCloud = await http.PostJsonAsync("/v1/chat/completions", """{"model":"stories260K","messages":[{"role":"user","content":"Once upon a time"}],"max_tokens":4}""");
        Assert.Equal("cloud", viaCloud.Headers.GetValues("x-edgefm-placement").Single());

        // The cloud going away: its model now gets a clear 503, the edge's own model still runs.
        await cloud.DisposeAsync();
        using var gone = await http.PostJsonAsync("/v1/chat/completions", """{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"max_tokens":4}""");
        await gone.AssertErrorAsync(503, "service_unavailable");
        using var still = await http.PostJsonAsync("/v1/chat/completions", """{"model":"edge-stories","messages":[{"role":"user","content":"hi"}],"max_tokens":4}""");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);

        var models = (await (await http.GetAsync("/v1/models")).JsonAsync()).GetProperty("data");
        Assert.Equal("loaded", models[0].GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_bad_setting_stops_start_up_with_one_line_and_exit_code_2()
    {
        var (exitCode, _, errors) = await ServeProcess.RunToExitAsync("--models", SharedPaths.Models, "--memory-budget", "12XB");

        Assert.Equal(2, exitCode);
        Assert.Equal("edgefm: --memory-budget 12XB: expected bytes or a size like 512MiB, 2GiB (at least 1 bytes) (setting MemoryBudget, env EDGEFM_MEMORYBUDGET).", errors.Trim());
    }
}
