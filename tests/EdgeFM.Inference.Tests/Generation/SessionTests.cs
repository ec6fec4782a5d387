using EdgeFM.Inference.Generation;
using EdgeFM.Inference.Models;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Generation;

public sealed class SessionTests
{
    [Fact]
    public void Decode_and_sampling_allocate_nothing_per_token()
    {
        using var model = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"), new ModelLoadOptions { Threads = 1 });
        var session = model.CreateSession(300);
        var sampler = new Sampler(model.Config.VocabularySize, new GenerationOptions { Seed = 1, RepetitionPenalty = 1.1f });
        var history = new int[300];
        var token = 1;
        for (var i = 0; i < 20; i++)
        {
            history[i] = token;
            token = sampler.Sample(session.Decode(token), history.AsSpan(0, i + 1)); // warm-up (JIT, tiering)
        }

        var start = token;
        var allocated = AllocationProbe.AllocatedBytes(() =>
        {
            session.Rewind(20);
            token = start;
            for (var i = 20; i < 250; i++)
            {
                history[i] = token;
                token = sampler.Sample(session.Decode(token), history.AsSpan(0, i + 1));
            }
        });
        Assert.True(allocated == 0, $"{allocated} bytes allocated over 230 decode steps");
    }

    [Fact]
    public void Prefills_of_growing_length_match_token_by_token_decoding()
    {
        // Prompts of 3, then 20, then 150 tokens: the batch buffers are sized to the first and regrown twice, and the
        // last prompt spans two batches (128 + 22 rows).
        using var model = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"));
        var random = new Random(7);
        var tokens = new int[173];
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = random.Next(model.Config.VocabularySize);
        }

        var batched = model.CreateSession(tokens.Length);
        var stepwise = model.CreateSession(tokens.Length);
        var start = 0;
        foreach (var length in (int[])[3, 20, 150])
        {
            var logits = batched.Prefill(tokens.AsSpan(start, length)).ToArray();
            var expected = default(ReadOnlySpan<float>);
            foreach (var token in tokens.AsSpan(start, length))
            {
                expected = stepwise.Decode(token);
            }

            start += length;
            Assert.Equal(start, batched.Position);
            for (var v = 0; v < logits.Length; v++)
            {
                Assert.True(Math.Abs(logits[v] - expected[v]) <= 1e-4f, $"after {start} tokens, logit {v}: batched {logits[v]} vs step-by-step {expected[v]}");
            }
        }
    }

    [Fact]
    public void Decoding_past_the_context_length_is_a_clear_error()
    {
        using var model = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"));
        var session = model.CreateSession(4);
        session.Prefill([1, 403, 407, 261]);

        var error = Assert.Throws<ContextLengthExceededException>(() => session.Decode(378));

        Assert.Equal(5, error.RequiredPositions);
        Assert.Equal(4, error.ContextLength);
    }

    [Fact]
    public void Rewind_and_reset_recompute_the_same_logits()
    {
        using var model = LlamaModel.Load(SharedPaths.Model("stories260K.bin"));
        var session = model.CreateSession();
        session.Prefill([1, 403, 407]);
        var expected = session.Decode(261).ToArray();

        session.Rewind(3);
        Assert.Equal(expected, session.Decode(261).ToArray());
        session.Reset();
        Assert.Equal(expected, session.Prefill([1, 403, 407, 261]).ToArray(), new ToleranceComparer(1e-5f));
    }

    [Fact]
    public void Token_ids_outside_the_vocabulary_are_rejected()
    {
        using var model = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"));
        var session = model.CreateSession();

        Assert.Throws<ArgumentOutOfRangeException>(() => session.Decode(512));
        Assert.Equal(0, session.Position);
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
