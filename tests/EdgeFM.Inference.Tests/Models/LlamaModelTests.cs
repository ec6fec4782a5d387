using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Models;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Models;

public sealed class LlamaModelTests
{
    [Fact]
    public void Gguf_config_comes_from_the_metadata()
    {
        using var model = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"));

        var c = model.Config;
        Assert.Equal((64, 5, 8, 4, 8, 172, 512, 2048, 8), (c.Dimension, c.Layers, c.Heads, c.KvHeads, c.HeadDimension, c.FeedForwardDimension, c.VocabularySize, c.ContextLength, c.RopeDimensions));
        Assert.False(c.TiedOutput);
        Assert.Equal(ModelFormat.Gguf, model.Format);
        Assert.Equal((1, 2), (model.BosTokenId, model.EosTokenId));
        Assert.Equal(512, model.Tokenizer!.VocabularySize);
        Assert.Null(model.ChatTemplate);
        Assert.Equal(48, model.Tensors.Count);
        Assert.All(model.Tensors, t => Assert.Equal(GgmlType.F32, t.Type));
    }

    [Fact]
    public void Llama2c_checkpoint_reads_the_header_and_finds_the_tokenizer_when_given()
    {
        using var model = LlamaModel.Load(SharedPaths.Model("stories260K.bin"), new ModelLoadOptions { TokenizerPath = SharedPaths.Model("tok512.bin"), ContextLength = 100 });

        var c = model.Config;
        Assert.Equal((64, 5, 8, 4, 172, 512, 100), (c.Dimension, c.Layers, c.Heads, c.KvHeads, c.FeedForwardDimension, c.VocabularySize, c.ContextLength));
        Assert.True(c.TiedOutput);
        Assert.Equal(ModelFormat.Llama2c, model.Format);
        Assert.Equal(new FileInfo(SharedPaths.Model("stories260K.bin")).Length, model.FileBytes);
        Assert.Equal([1, 403, 407, 261, 378], model.Tokenizer!.Encode("Once upon a time", addBos: true));
    }

    [Theory]
    [InlineData("stories260K.gguf")]
    [InlineData("stories260K.bin")]
    public void Without_the_tokenizer_the_model_runs_on_token_ids_with_the_same_logits(string file)
    {
        var path = SharedPaths.Model(file);
        using var full = LlamaModel.Load(path, new ModelLoadOptions { TokenizerPath = SharedPaths.Model("tok512.bin") });
        using var bare = LlamaModel.Load(path, new ModelLoadOptions { TokenizerPath = SharedPaths.Model("tok512.bin"), LoadTokenizer = false });

        Assert.NotNull(full.Tokenizer);
        Assert.Null(bare.Tokenizer);
        Assert.Equal((full.BosTokenId, full.EosTokenId), (bare.BosTokenId, bare.EosTokenId));
        int[] prompt = [1, 403, 407, 261, 378];
        Assert.Equal(full.CreateSession(16).Prefill(prompt).ToArray(), bare.CreateSession(16).Prefill(prompt).ToArray());
    }

    [Fact]
    public void A_context_cap_shortens_a_longer_context_and_leaves_a_shorter_one()
    {
        var path = SharedPaths.Model("stories260K.gguf");
        using (var capped = LlamaModel.Load(path, new ModelLoadOptions { MaxContextLength = 300 }))
        {
            Assert.Equal(300, capped.Config.ContextLength);
        }

        using (var uncapped = LlamaModel.Load(path, new ModelLoadOptions { MaxContextLength = 100_000 }))
        {
            Assert.Equal(2048, uncapped.Config.ContextLength);
        }

        using (var both = LlamaModel.Load(path, new ModelLoadOptions { ContextLength = 200, MaxContextLength = 150 }))
        {
            Assert.Equal(150, both.Config.ContextLength);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => LlamaModel.Load(path, new ModelLoadOptions { MaxContextLength = 0 }));
    }

    [Fact]
    public void Memory_estimate_is_the_file_plus_a_kv_cache_growing_with_context()
    {
        using var model = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"));
        var c = model.Config;

        var small = model.EstimateMemoryBytes(100);
        var large = model.EstimateMemoryBytes(1100);

        Assert.True(small > model.FileBytes);
        var kvPerPosition = 2L * c.Layers * c.KvDimension * sizeof(float);
        var scoresPerPosition = (long)c.Heads * sizeof(float);
        Assert.Equal(1000 * (kvPerPosition + scoresPerPosition), large - small);
    }
}
