using EdgeFM.Inference.Chat;
using EdgeFM.Inference.Models;
using EdgeFM.TestSupport;
using Microsoft.Extensions.AI;

namespace EdgeFM.Inference.Tests.Chat;

public sealed class LlamaChatClientTests : IDisposable
{
    private readonly LlamaModel _model = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"), new ModelLoadOptions { Threads = 1 });

    public void Dispose() => _model.Dispose();

    [Fact]
    public async Task A_response_carries_text_usage_and_finish_reason()
    {
        using var client = new LlamaChatClient(_model, "stories");
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 12 };

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Tell me a story.")], options);

        var prompt = client.EncodePrompt([new ChatMessage(ChatRole.User, "Tell me a story.")]);
        Assert.Equal(ChatTemplateNames.Plain, client.Template.Name);
        Assert.Equal(1, prompt[0]);
        Assert.Equal(prompt.Length, response.Usage!.InputTokenCount);
        Assert.True(response.Usage.OutputTokenCount is > 0 and <= 12);
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
        Assert.NotNull(response.FinishReason);
        Assert.Equal("stories", response.ModelId);
        Assert.Equal(ChatRole.Assistant, response.Messages.Single().Role);
        Assert.False(string.IsNullOrWhiteSpace(response.Text));
    }

    [Fact]
    public async Task Streaming_gives_the_same_text_as_a_whole_response_and_ends_with_usage()
    {
        using var client = new LlamaChatClient(_model, "stories");
        var options = new ChatOptions { Temperature = 0.9f, Seed = 11, MaxOutputTokens = 30 };
        ChatMessage[] messages = [new(ChatRole.User, "Once upon a time")];

        var whole = await client.GetResponseAsync(messages, options);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(messages, options))
        {
            updates.Add(update);
        }

        Assert.Equal(whole.Text, string.Concat(updates.Select(u => u.Text)));
        Assert.NotNull(updates[^1].FinishReason);
        Assert.Single(updates[^1].Contents.OfType<UsageContent>());
        Assert.All(updates[..^1], u => Assert.Null(u.FinishReason));
    }

    [Fact]
    public async Task Max_output_tokens_gives_finish_reason_length()
    {
        using var client = new LlamaChatClient(_model, "stories");

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Lily")], new ChatOptions { Temperature = 0, MaxOutputTokens = 3 });

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(3, response.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task Concurrent_calls_give_the_same_results_as_one_at_a_time()
    {
        using var client = new LlamaChatClient(_model, "stories");
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 40 };
        string[] prompts = ["Lily", "Tom", "The cat", "Ben"];

        var sequential = new List<string>();
        foreach (var prompt in prompts)
        {
            sequential.Add((await client.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], options)).Text);
        }

        var concurrent = await Task.WhenAll(prompts.Select(p => Task.Run(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, p)], options))));

        Assert.Equal(sequential, concurrent.Select(r => r.Text), StringComparer.Ordinal);
    }

    [Fact]
    public async Task Cancellation_throws_OperationCanceledException()
    {
        using var client = new LlamaChatClient(_model, "stories");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { MaxOutputTokens = 50 }, cancellation.Token));
    }

    [Fact]
    public void Chat_options_map_to_generation_options()
    {
        using var client = new LlamaChatClient(_model, "stories");
        var options = new ChatOptions
        {
            MaxOutputTokens = 7,
            Temperature = 0.5f,
            TopP = 0.9f,
            TopK = 12,
            Seed = 99,
            FrequencyPenalty = 0.2f,
            StopSequences = ["THE END"],
            AdditionalProperties = new AdditionalPropertiesDictionary { ["min_p"] = 0.1 },
        };

        var generation = client.ToGenerationOptions(options);

        Assert.Equal(7, generation.MaxTokens);
        Assert.Equal(0.5f, generation.Temperature);
        Assert.Equal(0.9f, generation.TopP);
        Assert.Equal(12, generation.TopK);
        Assert.Equal(99, generation.Seed);
        Assert.Equal(1.2f, generation.RepetitionPenalty, 5);
        Assert.Equal(0.1f, generation.MinP, 5);
        Assert.Contains("THE END", generation.StopSequences, StringComparer.Ordinal);
        Assert.Contains("\nUser:", generation.StopSequences, StringComparer.Ordinal);
    }

    [Fact]
    public void Metadata_names_the_provider_and_model()
    {
        using var client = new LlamaChatClient(_model, "stories");

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.Equal("edgefm", metadata!.ProviderName);
        Assert.Equal("stories", metadata.DefaultModelId);
    }
}
