using System.CommandLine;

namespace EdgeFM.Cli.Tests;

public sealed class CommandSelectionTests
{
    [Fact]
    public void Naming_a_command_builds_only_it_and_keeps_every_sibling_listed()
    {
        var full = EdgeFmCommand.Create();
        var lazy = EdgeFmCommand.Create(CommandSelection.For(["bench", "decode", "--model", "m.gguf"]));

        Assert.Equal(Listing(full), Listing(lazy));
        var bench = Sub(lazy, "bench");
        Assert.Equal(Listing(Sub(full, "bench")), Listing(bench));
        Assert.Contains(Sub(bench, "decode").Options, o => string.Equals(o.Name, "--model", StringComparison.Ordinal));
        Assert.Empty(Sub(bench, "kernels").Options);
        Assert.Empty(Sub(lazy, "serve").Options);
        Assert.Empty(Sub(lazy, "model").Subcommands);
    }

    [Theory]
    [InlineData]
    [InlineData("--help")]
    [InlineData("@args.rsp")]
    [InlineData("[diagram]", "bench", "decode")]
    public void Without_a_command_named_by_position_everything_is_built(params string[] args)
    {
        var full = EdgeFmCommand.Create();
        var lazy = EdgeFmCommand.Create(CommandSelection.For(args));

        Assert.Equal(Shape(full), Shape(lazy));
    }

    [Theory]
    [InlineData("model", "--help")]
    [InlineData("bench", "decod")]
    public void Without_a_sub_command_named_the_whole_group_is_built(params string[] args)
    {
        var full = EdgeFmCommand.Create();
        var lazy = EdgeFmCommand.Create(CommandSelection.For(args));

        Assert.Equal(Shape(Sub(full, args[0])), Shape(Sub(lazy, args[0])));
        Assert.Equal(Listing(full), Listing(lazy));
    }

    [Fact]
    public void A_command_registered_under_another_name_is_refused()
    {
        var root = new RootCommand();

        var error = Assert.Throws<InvalidOperationException>(() => CommandSelection.All.AddTo(root, new CommandEntry("decode", "d", () => new Command("kernels", "d"))));

        Assert.Contains("'kernels' was registered as 'decode'", error.Message, StringComparison.Ordinal);
    }

    private static Command Sub(Command parent, string name) => parent.Subcommands.Single(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    /// <summary>The sub-commands' names and descriptions, as help lists them.</summary>
    private static List<string> Listing(Command command) => [.. command.Subcommands.Select(c => $"{c.Name}: {c.Description}")];

    /// <summary>Every command's path with its options and arguments.</summary>
    private static List<string> Shape(Command command, string prefix = "") =>
        [$"{prefix}{command.Name} [{string.Join(' ', command.Options.Select(o => o.Name))}] <{string.Join(' ', command.Arguments.Select(a => a.Name))}>",
            .. command.Subcommands.SelectMany(c => Shape(c, $"{prefix}{command.Name} "))];
}
