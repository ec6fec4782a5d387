using System.Text.Json;
using EdgeFM.TestSupport;

namespace EdgeFM.Cli.Tests;

[Collection("Console")]
public sealed class LoraCommandTests : IDisposable
{
    private static readonly string Gguf = SharedPaths.Model("stories260K.gguf");
    private readonly TempDirectory _temp = new();
    private readonly string _adapter;

    public LoraCommandTests()
    {
        _adapter = TestAdapter.Write(_temp.File("adapter.gguf"));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Generate_with_an_adapter_changes_the_text_and_merged_gives_the_same_tokens()
    {
        string[] common = ["generate", "--model", Gguf, "--prompt", "Once upon a time", "--temperature", "0", "-n", "24", "--json", "--threads", "1"];
        var plain = await CliHarness.RunAsync(common);
        var unmerged = await CliHarness.RunAsync([.. common, "--adapter", _adapter, "--adapter-scale", "0.5"]);
        var merged = await CliHarness.RunAsync([.. common, "--adapter", _adapter, "--adapter-scale", "0.5", "--merge-adapter"]);
        var zero = await CliHarness.RunAsync([.. common, "--adapter", _adapter, "--adapter-scale", "0"]);

        Assert.Equal((0, 0, 0, 0), (plain.ExitCode, unmerged.ExitCode, merged.ExitCode, zero.ExitCode));
        Assert.Equal(Tokens(unmerged.Output), Tokens(merged.Output));
        Assert.NotEqual(Tokens(plain.Output), Tokens(unmerged.Output));
        Assert.Equal(Tokens(plain.Output), Tokens(zero.Output));
    }

    [Fact]
    public async Task An_adapter_for_another_model_is_a_bad_input_error_naming_both_files()
    {
        var result = await CliHarness.RunAsync("generate", "--model", SharedPaths.Model("stories260K.bin"), "--tokenizer", SharedPaths.Model("tok512.bin"),
            "--prompt", "x", "--adapter", _adapter);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{_adapter}: does not fit base model {SharedPaths.Model("stories260K.bin")}", result.Error, StringComparison.Ordinal);
        Assert.Contains("output.weight", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adapter_options_without_an_adapter_are_a_bad_input_error()
    {
        var result = await CliHarness.RunAsync("generate", "--model", Gguf, "--prompt", "x", "--merge-adapter");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("need --adapter FILE", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_shows_an_adapter_and_whether_it_fits_a_base_model()
    {
        var result = await CliHarness.RunAsync("model", "inspect", _adapter, "--model", Gguf);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("GGUF LoRA adapter", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"alpha\s+8\n", result.Output);
        Assert.Matches(@"scale\s+2 × --adapter-scale \(rank 4\)", result.Output);
        Assert.Contains("36 (attn_q × 5, attn_k × 5, attn_v × 5, attn_output × 5, ffn_gate × 5, ffn_up × 5, ffn_down × 5, output)", result.Output, StringComparison.Ordinal);
        Assert.Contains("fits base model", result.Output, StringComparison.Ordinal);
        Assert.Contains("blk.4.ffn_down.weight       F32        4  172 → 64", result.Output, StringComparison.Ordinal);

        var mismatch = await CliHarness.RunAsync("model", "inspect", _adapter, "--model", SharedPaths.Model("stories260K.bin"));
        Assert.Equal(2, mismatch.ExitCode);
        Assert.Contains("does not fit base model", mismatch.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_decode_and_bench_lora_run_with_adapters()
    {
        var decode = await CliHarness.RunAsync("bench", "decode", "--model", Gguf, "--prompt-tokens", "4", "--tokens", "4", "--runs", "1", "--threads", "1", "--adapter", _adapter);
        var lora = await CliHarness.RunAsync("bench", "lora", "--model", Gguf, "--adapters", "0,2", "--sessions", "2", "--prompt-tokens", "4", "--tokens", "2", "--runs", "1", "--threads", "1");
        var bad = await CliHarness.RunAsync("bench", "lora", "--model", Gguf, "--adapters", "8", "--sessions", "2");

        Assert.Equal((0, 0, 2), (decode.ExitCode, lora.ExitCode, bad.ExitCode));
        Assert.Contains($"adapter     {_adapter} (scale 1, unmerged)", decode.Output, StringComparison.Ordinal);
        Assert.Matches(@"\| 0 \| \d+ \| 1\.000 \| 1\.000 \| [\d.]+ \| 1\.000 \| 1\.000 \|\n\| 2 \|", lora.Output);
        Assert.Contains("--adapters 8 needs at least that many --sessions", bad.Error, StringComparison.Ordinal);
    }

    private static int[] Tokens(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("tokens").EnumerateArray().Select(e => e.GetInt32())];
    }
}
