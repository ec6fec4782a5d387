using EdgeFM.Inference.Generation;
using EdgeFM.Inference.Models;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Lora;

public sealed class AdapterBenchmarkTests
{
    [Fact]
    public void Every_adapter_count_is_measured_against_the_base_model_of_the_same_run()
    {
        using var model = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"), new ModelLoadOptions { Threads = 1, LoadTokenizer = false });

        var rows = AdapterBenchmark.Run(model, [2, 1], sessions: 2, promptTokens: 4, generatedTokens: 2, rank: 2, runs: 1);

        Assert.Equal([0, 2, 1], rows.Select(r => r.Adapters));
        Assert.Equal((1.0, 1.0), (rows[0].PrefillRatio, rows[0].DecodeRatio));
        Assert.All(rows, r => Assert.True(r.Sessions == 2 && r.PrefillTokensPerSecond > 0 && r.DecodeTokensPerSecond > 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => AdapterBenchmark.Run(model, [3], sessions: 2, promptTokens: 4, generatedTokens: 2));
    }
}
