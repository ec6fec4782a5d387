using System.CommandLine;
using EdgeFM.Edge;
using EdgeFM.Edge.Evaluation;
using EdgeFM.Edge.Location;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm eval personalization-data</c>: writes the personalization data set (deterministic per seed).</summary>
internal static class EvalPersonalizationDataCommand
{
    internal const string Name = "personalization-data";

    internal const string Description = "Write the personalization data set (the shipped file is seed 2026, 300 requests).";

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "File to write (JSON lines).", DefaultValueFactory = _ => Path.Combine("data", "netgpt", "personalization.jsonl") };
        var gazetteer = new Option<string>("--gazetteer") { Description = "The gazetteer CSV.", DefaultValueFactory = _ => Path.Combine("data", "gazetteer", "cities.csv") };
        var seed = new Option<int>("--seed") { Description = "Generator seed.", DefaultValueFactory = _ => PersonalizationDataset.DefaultSeed };
        var count = new Option<int>("--count") { Description = "Requests to generate.", DefaultValueFactory = _ => PersonalizationDataset.DefaultCount };
        var freshUsers = new Option<bool>("--fresh-users") { Description = "Give the users a home city and habits drawn from the seed (training data for reading habits from demonstrations); the shipped set keeps its fixed users." };
        var command = new Command(Name, Description);
        command.Options.Add(output);
        command.Options.Add(gazetteer);
        command.Options.Add(seed);
        command.Options.Add(count);
        command.Options.Add(freshUsers);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(count) < 1)
            {
                throw new CliException("--count must be at least 1.");
            }

            IReadOnlyList<PersonalizationItem> items;
            try
            {
                items = PersonalizationDataset.Generate(Gazetteer.Load(parseResult.GetValue(gazetteer)!), parseResult.GetValue(seed), parseResult.GetValue(count), parseResult.GetValue(freshUsers));
            }
            catch (EdgeDataException ex)
            {
                throw new CliException(ex.Message, ex);
            }

            var path = parseResult.GetValue(output)!;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            PersonalizationDataset.Write(path, items);
            await Console.Error.WriteLineAsync($"{items.Count} requests written to {path}.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
