using EdgeFM.Gateway.Catalog;
using EdgeFM.Gateway.Configuration;
using EdgeFM.TestSupport;
using Microsoft.Extensions.Configuration;

namespace EdgeFM.Gateway.Tests.Configuration;

public sealed class SettingsTests
{
    [Theory]
    [InlineData("512MiB", 512L << 20)]
    [InlineData("2GiB", 2L << 30)]
    [InlineData("1.5GB", 1_500_000_000L)]
    [InlineData("4096", 4096L)]
    [InlineData("64 kib", 64L << 10)]
    public void Sizes_parse_binary_decimal_and_plain_bytes(string text, long expected)
    {
        Assert.True(ByteSize.TryParse(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("12XB")]
    [InlineData("-1")]
    [InlineData("")]
    [InlineData("GiB")]
    public void Bad_sizes_do_not_parse(string text) => Assert.False(ByteSize.TryParse(text, out _));

    [Fact]
    public void Placement_and_model_settings_reach_the_options()
    {
        using var directory = new TempDirectory();
        var options = GatewaySettings.Load(GatewaySettings.BuildConfiguration(directory.Path, new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Models"] = directory.Path, ["Placement"] = "edgefirst", ["WeightSwitching"] = "2.5", ["WeightAccuracy"] = "0",
            ["CloudPrice"] = "3", ["CloudLatency"] = "250ms", ["EdgeAccuracy"] = "0.5,0.1,2", ["KvType"] = "F16",
        }));

        Assert.Equal(Inference.Gguf.GgmlType.F16, options.KvCacheType);
        Assert.Equal("EdgeFirst", options.Placement.Policy);
        Assert.Equal(2.5, options.Placement.Weights.SwitchingLatency);
        Assert.Equal(0, options.Placement.Weights.Accuracy);
        Assert.Equal(1, options.Placement.Weights.Cloud);
        Assert.Equal(3, options.Placement.CloudPricePerRequest);
        Assert.Equal(0.25, options.Placement.CloudLatencySeconds, 9);
        Assert.Equal(new Core.Models.AccuracyCurve(0.5, 0.1, 2), options.Placement.EdgeAccuracy);
    }

    [Fact]
    public void Command_line_beats_environment_beats_appsettings()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("appsettings.json"), $$"""{"Models":"{{directory.Path}}","MemoryBudget":"1GiB","Policy":"LRU","MaxQueueTotal":"99"}""");
        Environment.SetEnvironmentVariable("EDGEFM_POLICY", "fifo");
        Environment.SetEnvironmentVariable("EDGEFM_MAXQUEUETOTAL", "77");
        try
        {
            var options = GatewaySettings.Load(GatewaySettings.BuildConfiguration(directory.Path, new Dictionary<string, string?>(StringComparer.Ordinal) { ["MaxQueueTotal"] = "55" }));

            Assert.Equal(1L << 30, options.MemoryBudgetBytes);
            Assert.Equal("FIFO", options.Policy);
            Assert.Equal(55, options.MaxQueueTotal);
            Assert.Equal(directory.Path, options.ModelsDirectory);
        }
        finally
        {
            Environment.SetEnvironmentVariable("EDGEFM_POLICY", null);
            Environment.SetEnvironmentVariable("EDGEFM_MAXQUEUETOTAL", null);
        }
    }

    [Theory]
    [InlineData("Role", "middle", "--role middle: expected edge or cloud (setting Role, env EDGEFM_ROLE).")]
    [InlineData("CloudUrl", "ftp://x", "--cloud-url ftp://x: expected an absolute http:// or https:// URL such as http://cloud:8080/v1 (setting CloudUrl, env EDGEFM_CLOUDURL).")]
    [InlineData("CloudTimeout", "soon", "--cloud-timeout soon: expected a duration above zero and at most a day, like 500ms, 30s, 2m (setting CloudTimeout, env EDGEFM_CLOUDTIMEOUT).")]
    [InlineData("Placement", "nearest", "--placement nearest: expected one of Cost, EdgeFirst (setting Placement, env EDGEFM_PLACEMENT).")]
    [InlineData("EdgeAccuracy", "0.8,0.05", "--edge-accuracy 0.8,0.05: expected A0,A1,alpha like 0.8,0.05,1 (A0 in [0, 1], A1 >= 0, alpha > 0) (setting EdgeAccuracy, env EDGEFM_EDGEACCURACY).")]
    [InlineData("WeightCloud", "-1", "--weight-cloud -1: expected a number from 0 to 1000000 (setting WeightCloud, env EDGEFM_WEIGHTCLOUD).")]
    [InlineData("MaxQueuePerModel", "0", "--max-queue-per-model 0: expected a whole number from 1 to 1000000 (setting MaxQueuePerModel, env EDGEFM_MAXQUEUEPERMODEL).")]
    [InlineData("KvType", "q8_0", "--kv-type q8_0: expected f32 or f16 (setting KvType, env EDGEFM_KVTYPE).")]
    public void A_bad_setting_is_one_line_naming_it(string key, string value, string message)
    {
        using var directory = new TempDirectory();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Models"] = directory.Path, [key] = value }).Build();

        var error = Assert.Throws<GatewayConfigurationException>(() => GatewaySettings.Load(configuration));

        Assert.Equal(message, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Llama2c_checkpoints_pair_with_their_tokenizer_by_the_documented_rules()
    {
        using var directory = new TempDirectory();
        File.Copy(SharedPaths.Model("stories260K.gguf"), directory.File("stories260K.gguf"));
        File.Copy(SharedPaths.Model("stories260K.bin"), directory.File("stories260K.bin"));
        File.Copy(SharedPaths.Model("stories260K.bin"), directory.File("named.bin"));
        File.Copy(SharedPaths.Model("tok512.bin"), directory.File("tok512.bin"));
        File.Copy(SharedPaths.Model("tok512.bin"), directory.File("named.tokenizer.bin"));
        File.Copy(SharedPaths.Model("llama2-tokenizer.bin"), directory.File("llama2-tokenizer.bin"));

        var catalog = ModelDirectory.Scan(directory.Path);

        Assert.Equal(["named", "stories260K", "stories260K.bin"], catalog.Models.Select(m => m.Id));
        Assert.True(catalog.TryGet("stories260K.bin", out var bySize));
        Assert.Equal(directory.File("tok512.bin"), bySize.TokenizerPath);
        Assert.True(catalog.TryGet("named", out var byName));
        Assert.Equal(directory.File("named.tokenizer.bin"), byName.TokenizerPath);
        Assert.True(catalog.TryGet("stories260K", out var gguf));
        Assert.Equal(ModelFormat.Gguf, gguf.Format);
        Assert.Null(gguf.TokenizerPath);
    }

    [Fact]
    public void The_manifest_pairs_when_nothing_else_can()
    {
        using var directory = new TempDirectory();
        File.Copy(SharedPaths.Model("stories260K.bin"), directory.File("story.bin"));
        File.Copy(SharedPaths.Model("tok512.bin"), directory.File("a.bin"));
        File.Copy(SharedPaths.Model("tok512.bin"), directory.File("b.bin"));

        // Ambiguity does not stop the gateway: the checkpoint is listed with the reason it cannot be served.
        Assert.True(ModelDirectory.Scan(directory.Path).TryGet("story", out var ambiguous));
        Assert.Contains("more than one matching tokenizer", ambiguous.Failure, StringComparison.Ordinal);

        File.WriteAllText(directory.File(ModelDirectory.ManifestFileName), """{"story.bin": {"tokenizer": "b.bin"}}""");
        Assert.True(ModelDirectory.Scan(directory.Path).TryGet("story", out var story));
        Assert.Equal(directory.File("b.bin"), story.TokenizerPath);
        Assert.Null(story.Failure);

        File.WriteAllText(directory.File(ModelDirectory.ManifestFileName), "{ not json");
        Assert.True(ModelDirectory.Scan(directory.Path).TryGet("story", out var malformed));
        Assert.Contains(ModelDirectory.ManifestFileName, malformed.Failure, StringComparison.Ordinal);
    }
}
