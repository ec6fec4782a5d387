using EdgeFM.Inference.Generation;
using EdgeFM.Inference.Models;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Generation;

public sealed class TextGeneratorTests : IDisposable
{
    private readonly LlamaModel _model = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"), new ModelLoadOptions { Threads = 1 });

    public void Dispose() => _model.Dispose();

    [Theory]
    [MemberData(nameof(ReferenceCase.Indexes), MemberType = typeof(ReferenceCase))]
    public async Task Greedy_generation_from_token_ids_matches_the_reference_and_ends_at_BOS(int caseIndex)
    {
        var reference = ReferenceCase.All[caseIndex];
        var prompt = reference.PromptTokens;
        var maxTokens = reference.StepCount - (prompt.Length - 1);

        var items = await Collect(new TextGenerator(_model).GenerateAsync(prompt, GenerationOptions.Greedy(maxTokens)));

        Assert.Equal(reference.Tokens[(prompt.Length - 1)..], items.Select(t => t.TokenId));
        var last = items[^1];
        Assert.Equal(reference.Tokens[^1] == 1 ? FinishReason.EndOfSequence : FinishReason.Length, last.FinishReason);
        Assert.Equal(prompt.Length, last.Statistics!.PromptTokens);
        Assert.Equal(items.Count, last.Statistics.GeneratedTokens);
        Assert.All(items[..^1], t => Assert.False(t.IsFinal));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_tokens_and_another_seed_differs()
    {
        var options = new GenerationOptions { Temperature = 1.0f, TopK = 0, TopP = 1, MinP = 0, MaxTokens = 60, Seed = 42 };
        var generator = new TextGenerator(_model);

        var first = await Tokens(generator.GenerateAsync([1], options));
        var second = await Tokens(generator.GenerateAsync([1], options));
        var other = await Tokens(generator.GenerateAsync([1], options with { Seed = 43 }));

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task Top_k_of_one_is_greedy_at_any_temperature()
    {
        var generator = new TextGenerator(_model);
        var greedy = await Tokens(generator.GenerateAsync([1, 403], GenerationOptions.Greedy(40)));
        var topOne = await Tokens(generator.GenerateAsync([1, 403], new GenerationOptions { Temperature = 1.5f, TopK = 1, MaxTokens = 40, Seed = 7 }));

        Assert.Equal(greedy, topOne);
    }

    [Fact]
    public async Task Repetition_penalty_changes_the_repetitive_greedy_text()
    {
        // "Lily and Ben went to the park" makes the model loop on "It is not a box"; a penalty breaks the loop.
        var prompt = ReferenceCase.All[2].PromptTokens;
        var generator = new TextGenerator(_model);
        var plain = await Tokens(generator.GenerateAsync(prompt, GenerationOptions.Greedy(200)));
        var penalized = await Tokens(generator.GenerateAsync(prompt, GenerationOptions.Greedy(200) with { RepetitionPenalty = 1.3f }));

        Assert.NotEqual(plain, penalized);
        Assert.True(penalized.Distinct().Count() > plain.Distinct().Count());
    }

    [Fact]
    public async Task Cancellation_ends_the_stream_with_a_cancelled_final_element()
    {
        using var cancellation = new CancellationTokenSource();
        var items = new List<GeneratedToken>();
        await foreach (var item in new TextGenerator(_model).GenerateAsync([1], GenerationOptions.Greedy(200), cancellation.Token))
        {
            items.Add(item);
            if (items.Count == 5)
            {
                await cancellation.CancelAsync();
            }
        }

        Assert.Equal(6, items.Count);
        Assert.Equal(FinishReason.Cancelled, items[^1].FinishReason);
        Assert.Equal(-1, items[^1].TokenId);
    }

    [Fact]
    public async Task Generation_stops_at_the_context_length_with_finish_reason_length()
    {
        using var model = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"), new ModelLoadOptions { ContextLength = 20, Threads = 1 });

        var items = await Collect(new TextGenerator(model).GenerateAsync([1, 403, 407, 261, 378], GenerationOptions.Greedy(100)));

        Assert.Equal(16, items.Count);
        Assert.Equal(FinishReason.Length, items[^1].FinishReason);
    }

    [Fact]
    public async Task A_prompt_longer_than_the_context_gets_a_clear_error()
    {
        using var model = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"), new ModelLoadOptions { ContextLength = 8 });
        var prompt = Enumerable.Repeat(403, 9).ToArray();

        var error = await Assert.ThrowsAsync<ContextLengthExceededException>(() => Collect(new TextGenerator(model).GenerateAsync(prompt, GenerationOptions.Greedy(4))));

        Assert.Contains("context length is 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_name_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => new GenerationOptions { TopP = 0 }.Validate());

        Assert.Contains("TopP", error.Message, StringComparison.Ordinal);
    }

    internal static async Task<List<GeneratedToken>> Collect(IAsyncEnumerable<GeneratedToken> stream)
    {
        var items = new List<GeneratedToken>();
        await foreach (var item in stream)
        {
            items.Add(item);
        }

        return items;
    }

    private static async Task<int[]> Tokens(IAsyncEnumerable<GeneratedToken> stream) =>
        [.. (await Collect(stream)).Select(t => t.TokenId)];
}
