using EdgeFM.Cli.Commands;
using EdgeFM.Simulation.Experiments;
using EdgeFM.Simulation.Scenarios;
using Spectre.Console;

namespace EdgeFM.Cli.Tests;

public sealed class ExperimentProgressTests
{
    [Fact]
    public void A_terminal_gets_a_progress_bar_that_ends_full_and_the_same_results()
    {
        using var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(text),
        });
        var scenario = BuiltInScenarios.Load(BuiltInScenarios.Reproduce);
        string[] policies = ["LC", "FIFO"];

        var shown = ExperimentOutput.RunWithProgress(console, scenario, policies, runs: 3, seed: 7, CancellationToken.None);
        var plain = ExperimentRunner.Run(scenario, policies, 3, 7);

        var output = text.ToString();
        Assert.Contains("Simulating 2 policies × 3 runs", output, StringComparison.Ordinal);
        Assert.Contains("100%", output, StringComparison.Ordinal);
        Assert.Equal(plain.Policies.Select(p => p.Mean(Metric.SystemCost)), shown.Policies.Select(p => p.Mean(Metric.SystemCost)));
    }
}
