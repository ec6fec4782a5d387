using EdgeFM.TestSupport;

namespace EdgeFM.Cli.Tests;

[Collection("Console")]
public sealed class TokenizeCommandTests
{
    [Fact]
    public async Task A_gguf_model_tokenizes_with_its_own_vocabulary_and_bos()
    {
        var result = await CliHarness.RunAsync("tokenize", "--model", SharedPaths.Model("stories260K.gguf"), "--text", "Once upon a time", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("{\"tokens\":[1,403,407,261,378]}", result.Output.Trim());
    }

    [Fact]
    public async Task A_llama2c_checkpoint_with_its_tokenizer_gives_the_same_ids()
    {
        var result = await CliHarness.RunAsync(
            "tokenize", "--model", SharedPaths.Model("stories260K.bin"), "--tokenizer", SharedPaths.Model("tok512.bin"), "--text", "Once upon a time", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("{\"tokens\":[1,403,407,261,378]}", result.Output.Trim());
    }

    [Fact]
    public async Task Without_json_each_token_is_printed_with_its_text()
    {
        var result = await CliHarness.RunAsync(
            "tokenize", "--tokenizer", SharedPaths.Model("vocab/ggml-vocab-llama-spm.gguf"), "--text", "Hello\tworld", "--no-bos");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["15043\t▁Hello", "12\t<0x09>", "11526\tworld"], result.Output.TrimEnd().Split(Environment.NewLine));
    }

    [Theory]
    [InlineData("Hello world", false, "{\"tokens\":[15496,995]}")]
    [InlineData("Hi<|endoftext|>", true, "{\"tokens\":[17250,50256]}")]
    public async Task Gpt2_adds_no_bos_by_default_and_parses_control_tokens_on_request(string text, bool special, string expected)
    {
        string[] args = ["tokenize", "--model", SharedPaths.Model("vocab/ggml-vocab-gpt-2.gguf"), "--text", text, "--json"];
        var result = await CliHarness.RunAsync(special ? [.. args, "--special"] : args);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, result.Output.Trim());
    }

    [Fact]
    public async Task A_llama2c_checkpoint_without_tokenizer_is_a_clear_error()
    {
        var result = await CliHarness.RunAsync("tokenize", "--model", SharedPaths.Model("stories260K.bin"), "--text", "x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--tokenizer", result.Error, StringComparison.Ordinal);
        Assert.Contains("stories260K.bin", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task A_tokenizer_of_another_vocabulary_size_is_rejected()
    {
        var result = await CliHarness.RunAsync(
            "tokenize", "--model", SharedPaths.Model("stories260K.bin"), "--tokenizer", SharedPaths.Model("llama2-tokenizer.bin"), "--text", "x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("has 32000 tokens but the model", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupted_tokenizer_file_is_a_clear_error()
    {
        using var temp = new TempDirectory();
        var path = temp.File("broken-tok.bin");
        File.WriteAllBytes(path, File.ReadAllBytes(SharedPaths.Model("tok512.bin"))[..1001]);

        var result = await CliHarness.RunAsync("tokenize", "--tokenizer", path, "--text", "x");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"edgefm: {path}: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Neither_model_nor_tokenizer_is_bad_input()
    {
        var result = await CliHarness.RunAsync("tokenize", "--text", "x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--model", result.Error, StringComparison.Ordinal);
    }
}
