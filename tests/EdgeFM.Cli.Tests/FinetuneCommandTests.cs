using System.Text.Json;
using EdgeFM.Inference.Lora;
using EdgeFM.TestSupport;

namespace EdgeFM.Cli.Tests;

public sealed class FinetuneCommandTests
{
    private static readonly string Model = SharedPaths.Model("stories260K.gguf");

    [Fact]
    public async Task A_bad_data_line_is_named_by_file_and_line_and_nothing_is_written()
    {
        using var directory = new TempDirectory();
        var data = directory.File("train.jsonl");
        await File.WriteAllLinesAsync(data, ["{\"prompt\":\"Request: food\",\"completion\":\" Where can I eat?\"}", "", "{\"prompt\":\"Request: taxi\"}"]);
        var output = directory.File("adapter.gguf");

        var (exit, stdout, stderr) = await EdgefmProcess.RunAsync("finetune", "--model", Model, "--data", data, "--out", output);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains($"{data}:3: needs both \"prompt\" and \"completion\"", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Equal(["train.jsonl"], Directory.GetFiles(directory.Path).Select(f => Path.GetFileName(f)!).ToArray());
    }

    [Fact]
    public async Task Invalid_json_and_unknown_targets_are_bad_input()
    {
        using var directory = new TempDirectory();
        var data = directory.File("train.jsonl");
        await File.WriteAllLinesAsync(data, ["{\"text\":\"Once upon a time\"}", "{\"text\": oops}"]);

        var json = await EdgefmProcess.RunAsync("finetune", "--model", Model, "--data", data, "--out", directory.File("a.gguf"));
        var targets = await EdgefmProcess.RunAsync("finetune", "--model", Model, "--data", data, "--out", directory.File("a.gguf"), "--targets", "q,attn");

        Assert.Equal(2, json.ExitCode);
        Assert.Contains($"{data}:2: is not valid JSON", json.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, targets.ExitCode);
        Assert.Contains("unknown LoRA target 'attn'", targets.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A run stopped at --max-steps and continued with --resume writes the same adapter bytes as one uninterrupted run.</summary>
    [Fact]
    public async Task Finetune_writes_a_readable_adapter_and_resume_reproduces_an_uninterrupted_run()
    {
        using var directory = new TempDirectory();
        var data = directory.File("train.jsonl");
        await File.WriteAllLinesAsync(data, Enumerable.Range(0, 6).Select(i => JsonSerializer.Serialize(new { prompt = $"Request: bus\nPlace: Oslo. Time: {i + 1}:00 pm.\nFull request:", completion = $" Which bus goes at {i + 1}:00 pm in Oslo?" })));
        string[] common = ["finetune", "--model", Model, "--data", data, "--eval", data, "--epochs", "2", "--batch", "2", "--rank", "4", "--targets", "q,v,down", "--threads", "1"];

        var whole = await EdgefmProcess.RunAsync([.. common, "--out", directory.File("whole.gguf"), "--json"]);
        var first = await EdgefmProcess.RunAsync([.. common, "--out", directory.File("part.gguf"), "--max-steps", "4", "--checkpoint", directory.File("run.ckpt")]);
        var rest = await EdgefmProcess.RunAsync([.. common, "--out", directory.File("resumed.gguf"), "--resume", directory.File("run.ckpt"), "--checkpoint", directory.File("run2.ckpt")]);

        Assert.Equal(0, whole.ExitCode);
        using var summary = JsonDocument.Parse(whole.Stdout);
        Assert.Equal(6, summary.RootElement.GetProperty("steps").GetInt64());
        var epochs = summary.RootElement.GetProperty("epochs").EnumerateArray().ToArray();
        Assert.Equal(2, epochs.Length);
        Assert.True(epochs[1].GetProperty("evalLoss").GetDouble() < summary.RootElement.GetProperty("initialEvalLoss").GetDouble());
        Assert.True(summary.RootElement.GetProperty("peakMemoryBytes").GetInt64() > 0);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("stopped at --max-steps", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, rest.ExitCode);
        Assert.Equal(await File.ReadAllBytesAsync(directory.File("whole.gguf")), await File.ReadAllBytesAsync(directory.File("resumed.gguf")));

        var adapter = LoraAdapter.Open(directory.File("whole.gguf"));
        Assert.Equal(16f, adapter.Alpha);
        Assert.Equal(5 * 3, adapter.Tensors.Count);
    }
}
