using System.Text.RegularExpressions;
using EdgeFM.TestSupport;

namespace EdgeFM.Cli.Tests;

[Collection("Console")]
public sealed partial class NetGptEvalCommandTests : IDisposable
{
    private static readonly string Gguf = TestAdapter.Gguf;
    private static readonly string[] Inputs =
    [
        "--data", Path.Combine(SharedPaths.RepositoryRoot, "data", "netgpt", "personalization.jsonl"),
        "--gazetteer", Path.Combine(SharedPaths.RepositoryRoot, "data", "gazetteer", "cities.csv"),
    ];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Eval_with_an_adapter_names_it_and_changes_the_loss()
    {
        var adapter = TestAdapter.Write(_temp.File("adapter.gguf"));

        string[] common = ["eval", "personalization", "--model", Gguf, "--limit", "2", "--threads", "1", .. Inputs];
        var base260K = await CliHarness.RunAsync(common);
        var adapted = await CliHarness.RunAsync([.. common, "--adapter", adapter, "--adapter-scale", "0.5"]);

        Assert.Equal((0, 0), (base260K.ExitCode, adapted.ExitCode));
        Assert.Contains("Edge model stories260K.gguf + adapter adapter.gguf (scale 0.5); 2 held-out requests", adapted.Output, StringComparison.Ordinal);
        Assert.NotEqual(NoneLoss(base260K.Output), NoneLoss(adapted.Output), StringComparer.Ordinal);
    }

    [Fact]
    public async Task The_training_data_command_writes_history_examples_finetune_accepts()
    {
        var train = _temp.File("train.jsonl");
        var written = await CliHarness.RunAsync(["eval", "personalization-train-data", "--model", Gguf, "--out", train, .. Inputs]);
        Assert.Equal(0, written.ExitCode);
        var lines = File.ReadAllLines(train);
        Assert.Contains($"{lines.Length} training examples written", written.Error, StringComparison.Ordinal);
        Assert.InRange(lines.Length, 190, 210);
        Assert.All(lines, l => Assert.StartsWith("{\"prompt\":\"Request: ", l, StringComparison.Ordinal));

        // One optimizer step on the first examples: the file is in the form finetune reads, within the model's context.
        File.WriteAllLines(train, lines.Take(2));
        var tuned = await CliHarness.RunAsync("finetune", "--model", Gguf, "--data", train, "--seq-len", "640", "--batch", "2", "--max-steps", "1", "--threads", "1", "--out", _temp.File("a.gguf"), "--json");
        Assert.True(tuned.ExitCode == 0, tuned.Error);
    }

    [Fact]
    public async Task Bench_netgpt_prints_stage_percentiles_and_the_baseline_ratio()
    {
        var result = await CliHarness.RunAsync(["bench", "netgpt", "--model", Gguf, "-n", "3", "--warmup", "0", "--threads", "1", .. Inputs]);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Edge model stories260K.gguf; 3 requests;", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"\| \*\*edge stage total\*\* \| \d+\.\d\d \| \d+\.\d\d \|", result.Output);
        Assert.Matches(@"Edge stage / baseline \(medians\): \d+\.\d\d×", result.Output);
    }

    [Fact]
    public async Task Bench_netgpt_rejects_a_data_set_without_held_out_requests()
    {
        var data = _temp.File("history.jsonl");
        File.WriteAllLines(data, File.ReadLines(Inputs[1]).Where(l => l.Contains("\"split\":\"history\"", StringComparison.Ordinal)));
        var result = await CliHarness.RunAsync("bench", "netgpt", "--model", Gguf, "--data", data, "--gazetteer", Inputs[3]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the data set has no held-out requests to time", result.Error, StringComparison.Ordinal);
    }

    private static string NoneLoss(string table) => NoneRow().Match(table) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException(table);

    [GeneratedRegex(@"\| none \| 0\.00 \| 0\.00 \| [^|]+\| [^|]+\| [^|]+\| 0 \| ([0-9.]+ ± [0-9.]+) \|")]
    private static partial Regex NoneRow();
}
