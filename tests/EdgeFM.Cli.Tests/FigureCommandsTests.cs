using EdgeFM.TestSupport;

namespace EdgeFM.Cli.Tests;

[Collection("Console")]
public sealed class FigureCommandsTests
{
    private static readonly string[] ReproduceFigures =
    [
        "system-cost", "table2-metrics", "edge-ratio-over-time", "cached-models-over-time",
        "aoc-random", "aoc-cloud", "aoc-fifo", "aoc-lfu", "aoc-lc", "aoc-lru",
    ];

    [Fact]
    public async Task Reproduce_writes_every_figure_as_svg_and_png_and_a_self_contained_report()
    {
        using var dir = new TempDirectory();
        var figures = dir.File("figures/nested");
        var report = dir.File("report.html");
        var (exit, output, error) = await CliHarness.RunAsync("reproduce", "--runs", "3", "--plot", figures, "--report", report);

        Assert.Equal(0, exit);
        Assert.Contains("System cost", output, StringComparison.Ordinal);
        Assert.Contains($"edgefm: wrote {ReproduceFigures.Length} figures (SVG and PNG) to {figures}", error, StringComparison.Ordinal);
        Assert.Equal(
            ReproduceFigures.SelectMany(f => new[] { f + ".png", f + ".svg" }).Order(StringComparer.Ordinal),
            Directory.GetFiles(figures).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            StringComparer.Ordinal);
        foreach (var png in Directory.GetFiles(figures, "*.png"))
        {
            var bytes = await File.ReadAllBytesAsync(png);
            Assert.Equal("\u0089PNG", System.Text.Encoding.Latin1.GetString(bytes, 0, 4));
        }

        var html = await File.ReadAllTextAsync(report);
        Assert.Contains("edgefm reproduce --runs 3 --seed 1", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ReproduceFigures.Length, html.Split("<svg ").Length - 1);
    }

    [Fact]
    public async Task Simulate_plots_the_chosen_policies_without_the_papers_values()
    {
        using var dir = new TempDirectory();
        var (_, yaml, _) = await CliHarness.RunAsync("scenario", "show", "reproduce");
        await File.WriteAllTextAsync(dir.File("s.yaml"), yaml);
        var (exit, _, _) = await CliHarness.RunAsync(
            "simulate", "--scenario", dir.File("s.yaml"), "--policy", "LC", "--policy", "LFU", "--runs", "2", "--plot", dir.File("f"), "--json", "-");

        Assert.Equal(0, exit);
        var svg = await File.ReadAllTextAsync(dir.File("f/system-cost.svg"));
        Assert.Contains("LFU", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("Paper (Table II)", svg, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.File("f/aoc-lc.png")));
        Assert.False(File.Exists(dir.File("f/aoc-fifo.png")));
    }

    [Fact]
    public async Task Several_scenarios_are_a_sweep_with_a_table_each_and_sweep_figures()
    {
        using var dir = new TempDirectory();
        var (_, yaml, _) = await CliHarness.RunAsync("scenario", "show", "reproduce");
        await File.WriteAllTextAsync(dir.File("small.yaml"), yaml.Replace("name: reproduce", "name: small-edge", StringComparison.Ordinal).Replace("memoryGB: 40 ", "memoryGB: 20 ", StringComparison.Ordinal));
        await File.WriteAllTextAsync(dir.File("large.yaml"), yaml.Replace("name: reproduce", "name: large-edge", StringComparison.Ordinal).Replace("memoryGB: 40 ", "memoryGB: 80 ", StringComparison.Ordinal));
        var (exit, output, _) = await CliHarness.RunAsync(
            "simulate", "--scenario", dir.File("small.yaml"), "--scenario", dir.File("large.yaml"), "--policy", "LC", "--policy", "FIFO", "--runs", "2",
            "--plot", dir.File("f"), "--report", dir.File("sweep.html"));

        Assert.Equal(0, exit);
        Assert.Contains($"Scenario small-edge ({dir.File("small.yaml")}):", output, StringComparison.Ordinal);
        Assert.Contains($"Scenario large-edge ({dir.File("large.yaml")}):", output, StringComparison.Ordinal);
        var svg = await File.ReadAllTextAsync(dir.File("f/sweep-system-cost.svg"));
        Assert.Contains("small-edge", svg, StringComparison.Ordinal);
        Assert.Contains("large-edge", svg, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.File("f/sweep-edge-ratio.png")));
        Assert.True(File.Exists(dir.File("f/01-small-edge/system-cost.png")));
        Assert.True(File.Exists(dir.File("f/02-large-edge/aoc-lc.svg")));
        var html = await File.ReadAllTextAsync(dir.File("sweep.html"));
        Assert.Contains("<h2>large-edge</h2>", html, StringComparison.Ordinal);

        var (jsonExit, _, error) = await CliHarness.RunAsync("simulate", "--scenario", dir.File("small.yaml"), "--scenario", dir.File("large.yaml"), "--json", "-");
        Assert.Equal(2, jsonExit);
        Assert.StartsWith("edgefm: --json and --csv take one scenario", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_given_as_the_plot_directory_exits_2_with_one_line_before_simulating()
    {
        using var dir = new TempDirectory();
        var file = dir.File("taken");
        await File.WriteAllTextAsync(file, "not a directory");
        var (exit, output, error) = await CliHarness.RunAsync("reproduce", "--plot", file);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Equal($"edgefm: --plot: '{file}' is a file, not a directory; give a directory for the figures (it is created if missing).", error.TrimEnd());
        Assert.Equal("not a directory", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task A_report_in_a_missing_directory_or_onto_a_directory_exits_2()
    {
        using var dir = new TempDirectory();
        var (missingExit, _, missing) = await CliHarness.RunAsync("reproduce", "--runs", "2", "--report", dir.File("no/such/report.html"));
        Assert.Equal(2, missingExit);
        Assert.StartsWith("edgefm: --report: the directory ", missing, StringComparison.Ordinal);
        Assert.Single(missing.TrimEnd().Split('\n'));

        var (directoryExit, _, directory) = await CliHarness.RunAsync("reproduce", "--runs", "2", "--report", dir.Path);
        Assert.Equal(2, directoryExit);
        Assert.StartsWith("edgefm: --report: ", directory, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_figure_options()
    {
        foreach (var command in new[] { "reproduce", "simulate" })
        {
            var (exit, output, _) = await CliHarness.RunAsync(command, "--help");
            Assert.Equal(0, exit);
            Assert.Contains("--plot", output, StringComparison.Ordinal);
            Assert.Contains("--report", output, StringComparison.Ordinal);
        }
    }
}
