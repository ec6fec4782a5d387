using System.CommandLine;
using EdgeFM.Edge;
using EdgeFM.Edge.Evaluation;
using EdgeFM.Edge.Location;

namespace EdgeFM.Cli.Commands;

/// <summary>The --data and --gazetteer options of the personalization commands, and the loading of both files.</summary>
internal sealed class PersonalizationInputs
{
    public Option<string> Data { get; } = new("--data") { Description = "The data set (JSON lines).", DefaultValueFactory = _ => Path.Combine("data", "netgpt", "personalization.jsonl") };

    public Option<string> Gazetteer { get; } = new("--gazetteer") { Description = "The gazetteer CSV.", DefaultValueFactory = _ => Path.Combine("data", "gazetteer", "cities.csv") };

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Gazetteer);
    }

    /// <summary>The gazetteer and the data set; a bad file becomes a <see cref="CliException"/> naming it.</summary>
    public (Gazetteer Places, IReadOnlyList<PersonalizationItem> Items) Load(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        try
        {
            return (Edge.Location.Gazetteer.Load(parseResult.GetValue(Gazetteer)!), PersonalizationDataset.Read(parseResult.GetValue(Data)!));
        }
        catch (EdgeDataException ex)
        {
            throw new CliException(ex.Message, ex);
        }
    }
}
