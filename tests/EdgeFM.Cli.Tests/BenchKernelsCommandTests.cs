namespace EdgeFM.Cli.Tests;

[Collection("Console")]
public sealed class BenchKernelsCommandTests
{
    [Fact]
    public async Task Prints_one_row_per_stories110M_layer_shape_for_the_chosen_type_and_Q4_0_also_repacked()
    {
        var result = await CliHarness.RunAsync("bench", "kernels", "--type", "q4_0", "--runs", "1", "--batch", "2", "--threads", "2");

        Assert.True(result.ExitCode == 0, result.Error);
        var rows = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        Assert.Equal(8, rows.Length);
        Assert.Equal(4, rows.Count(row => row.StartsWith("Q4_0 ", StringComparison.Ordinal)));
        Assert.Equal(4, rows.Count(row => row.StartsWith("Q4_0x8 ", StringComparison.Ordinal)));
        Assert.Contains(rows, row => row.Contains("32000x768", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Other_types_get_one_row_per_shape()
    {
        var result = await CliHarness.RunAsync("bench", "kernels", "--type", "q8_0", "--runs", "1", "--batch", "2", "--threads", "1");

        Assert.True(result.ExitCode == 0, result.Error);
        var rows = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        Assert.Equal(4, rows.Length);
        Assert.All(rows, row => Assert.StartsWith("Q8_0", row, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unsupported_type_is_bad_input()
    {
        var result = await CliHarness.RunAsync("bench", "kernels", "--type", "q5_1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--type 'q5_1'", result.Error, StringComparison.Ordinal);
    }
}
