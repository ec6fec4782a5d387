using EdgeFM.Gateway.Catalog;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Lora;
using EdgeFM.Inference.Models;
using EdgeFM.Inference.Synthesis;
using EdgeFM.TestSupport;

namespace EdgeFM.Gateway.Tests.Catalog;

/// <summary>How the models directory finds LoRA adapters and their base models: manifest, GGUF metadata, file name.</summary>
public sealed class AdapterDiscoveryTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public void Adapters_are_not_models_and_each_names_its_base_by_manifest_metadata_or_file_name()
    {
        File.Copy(SharedPaths.Model("stories260K.gguf"), _directory.File("stories260K.gguf"));
        File.Copy(SharedPaths.Model("stories260K.gguf"), _directory.File("stories260K.big.gguf"));
        var config = Stories260KConfig();
        var weights = SyntheticAdapter.Create(config, rank: 2, alpha: 4, seed: 1);
        LoraAdapterWriter.Write(_directory.File("stories260K.pirate.gguf"), weights);
        LoraAdapterWriter.Write(_directory.File("stories260K.big.poet.gguf"), weights);   // the longest model id prefix wins
        LoraAdapterWriter.Write(_directory.File("listed.gguf"), weights);
        LoraAdapterWriter.Write(_directory.File("orphan.gguf"), weights);
        WriteWithBaseName(_directory.File("tagged.gguf"), "stories260K.big");
        File.WriteAllText(_directory.File(ModelDirectory.ManifestFileName), """{"listed.gguf": {"base": "stories260K"}}""");

        var catalog = ModelDirectory.Scan(_directory.Path);

        Assert.Equal(["stories260K", "stories260K.big"], catalog.Models.Select(m => m.Id));
        Assert.Equal(
            ["stories260K.big:poet/stories260K.big/file name", "stories260K.big:tagged/stories260K.big/metadata", "stories260K:listed/stories260K/manifest", "stories260K:pirate/stories260K/file name"],
            catalog.Adapters.Select(a => $"{a.Id}/{a.BaseId}/{a.BaseSource}"));
        Assert.True(catalog.TryGetAdapter("stories260K:pirate", out var pirate));
        Assert.Equal("pirate", pirate.Name);
        Assert.Equal(_directory.File("stories260K.pirate.gguf"), pirate.Path);
        var problem = Assert.Single(catalog.AdapterProblems);
        Assert.Contains("orphan.gguf: LoRA adapter with no base model in this directory", problem, StringComparison.Ordinal);
        Assert.Contains("'<base id>.<name>.gguf'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_base_that_is_not_a_model_is_reported()
    {
        File.Copy(SharedPaths.Model("stories260K.gguf"), _directory.File("stories260K.gguf"));
        var config = Stories260KConfig();
        LoraAdapterWriter.Write(_directory.File("a.gguf"), SyntheticAdapter.Create(config, rank: 2, alpha: 4, seed: 1));
        File.WriteAllText(_directory.File(ModelDirectory.ManifestFileName), """{"a.gguf": {"base": "stories15M"}}""");

        var catalog = ModelDirectory.Scan(_directory.Path);

        Assert.Empty(catalog.Adapters);
        Assert.Contains("a.gguf: its base model 'stories15M' (from manifest) is not a model in this directory; models: stories260K.", Assert.Single(catalog.AdapterProblems), StringComparison.Ordinal);
    }

    private static LlamaConfig Stories260KConfig()
    {
        using var model = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"));
        return model.Config;
    }

    // llama.cpp's converter names the base in general.base_model.0.name; the project's writer does not, so write
    // the few keys the directory reads by hand.
    private static void WriteWithBaseName(string path, string baseName)
    {
        using var writer = GgufWriter.Create(path);
        writer.AddString(LoraAdapterFormat.ArchitectureKey, "llama");
        writer.AddString(LoraAdapterFormat.GeneralTypeKey, LoraAdapterFormat.AdapterType);
        writer.AddString(ModelDirectory.BaseModelNameKey, baseName);
        writer.Finish();
    }

    public void Dispose() => _directory.Dispose();
}
