using EdgeFM.TestSupport;

namespace EdgeFM.Cli.Tests;

public sealed class EvalCommandTests
{
    private static string Repository(params string[] parts) => Path.Combine([SharedPaths.RepositoryRoot, .. parts]);

    /// <summary><c>edgefm eval personalization</c> with stories260K over the shipped data and gazetteer, and <paramref name="options"/>.</summary>
    private static Task<(int ExitCode, string Stdout, string Stderr)> EvalPersonalizationAsync(params string[] options) =>
        EdgefmProcess.RunAsync([
            "eval", "personalization", "--model", SharedPaths.Model("stories260K.gguf"), .. options,
            "--data", Repository("data", "netgpt", "personalization.jsonl"), "--gazetteer", Repository("data", "gazetteer", "cities.csv")]);

    [Fact]
    public async Task Eval_personalization_prints_the_table_over_the_shipped_data()
    {
        var (exit, stdout, _) = await EvalPersonalizationAsync("--limit", "3");
        Assert.Equal(0, exit);
        Assert.Contains("3 held-out requests, 210 history demonstrations, k = 3", stdout, StringComparison.Ordinal);
        Assert.Matches(@"\| none \| 0\.00 \| 0\.00 \| [01]\.\d\d ± [0-9.]+ \| 1\.000 ± 0\.000 \| 1\.000 ± 0\.000 \| 0 \|", stdout);
    }

    [Fact]
    public async Task An_other_user_affinity_outside_0_to_1_is_one_line_and_exit_code_2()
    {
        var (exit, _, stderr) = await EvalPersonalizationAsync("--other-user-affinity", "1.5");
        Assert.Equal(2, exit);
        Assert.Contains("--other-user-affinity is 1.5", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_data_set_is_one_line_and_exit_code_2()
    {
        var (exit, _, stderr) = await EdgefmProcess.RunAsync("eval", "personalization", "--model", SharedPaths.Model("stories260K.gguf"), "--data", "/nonexistent/x.jsonl", "--gazetteer", Repository("data", "gazetteer", "cities.csv"));
        Assert.Equal(2, exit);
        Assert.StartsWith("edgefm: /nonexistent/x.jsonl: cannot read the data set", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task The_data_command_writes_the_shipped_file_again()
    {
        using var directory = new TempDirectory();
        var path = directory.File("p.jsonl");
        var (exit, _, _) = await EdgefmProcess.RunAsync("eval", "personalization-data", "--out", path, "--gazetteer", Repository("data", "gazetteer", "cities.csv"));
        Assert.Equal(0, exit);
        Assert.Equal(File.ReadAllText(Repository("data", "netgpt", "personalization.jsonl")), File.ReadAllText(path));
    }
}
