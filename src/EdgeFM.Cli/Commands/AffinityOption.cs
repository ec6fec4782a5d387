using System.CommandLine;
using EdgeFM.Edge.Demonstrations;

namespace EdgeFM.Cli.Commands;

/// <summary>The --other-user-affinity option of the personalization commands (the AoC selector's user affinity).</summary>
internal static class AffinityOption
{
    public static Option<double> Create() => new("--other-user-affinity")
    {
        Description = "AoC relevance weight in [0, 1] of another user's shareable demonstration (the user's own weigh 1; 1 = lexical relevance only).",
        DefaultValueFactory = _ => AgeOfContextSelector.DefaultOtherUserAffinity,
    };

    /// <summary>The option's value; outside [0, 1] it is a <see cref="CliException"/> naming the option.</summary>
    public static double Read(ParseResult parseResult, Option<double> option)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var value = parseResult.GetValue(option);
        return value is >= 0 and <= 1 ? value : throw new CliException($"--other-user-affinity is {value}; give a weight from 0 to 1 (1: lexical relevance only).");
    }
}
