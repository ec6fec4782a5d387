using System.CommandLine;
using EdgeFM.Edge;
using EdgeFM.Edge.Evaluation;

namespace EdgeFM.Cli.Commands;

/// <summary>
/// <c>edgefm eval personalization-train-data</c>: fine-tuning data for <c>edgefm finetune</c> from the history split of
/// the personalization data set, each prompt with the demonstrations the evaluation would choose.
/// </summary>
internal static class EvalPersonalizationTrainDataCommand
{
    internal const string Name = "personalization-train-data";

    internal const string Description = "Write fine-tuning data ({\"prompt\",\"completion\"} lines) from the personalization data set's history split, with demonstrations in each prompt.";

    public static Command Create()
    {
        var model = new ModelOptions();
        var inputs = new PersonalizationInputs();
        var output = new Option<string>("--out", "-o") { Description = "Training file to write (JSON lines).", Required = true };
        var k = new Option<int>("--k") { Description = "Demonstrations per example.", DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random demonstrations (--demonstrations random).", DefaultValueFactory = _ => 1 };
        var demonstrations = new Option<string>("--demonstrations") { Description = "How each example's demonstrations are chosen: aoc, random, none, or mixed (aoc and random alternately).", DefaultValueFactory = _ => "aoc" };
        demonstrations.AcceptOnlyFromAmong("aoc", "random", "none", "mixed");
        var affinity = AffinityOption.Create();
        var command = new Command(Name, Description);
        model.AddTo(command);
        inputs.AddTo(command);
        foreach (var option in new Option[] { output, k, seed, demonstrations, affinity })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(k) < 1)
            {
                throw new CliException("--k must be at least 1.");
            }

            var (places, items) = inputs.Load(parseResult);

            // The model's tokenizer and context decide how many demonstrations fit, as in the evaluation.
            using var edgeModel = model.Load(parseResult);
            DemonstrationCondition[] conditions = parseResult.GetValue(demonstrations) switch
            {
                "random" => [DemonstrationCondition.Random],
                "none" => [DemonstrationCondition.None],
                "mixed" => [DemonstrationCondition.AgeOfContext, DemonstrationCondition.Random],
                _ => [DemonstrationCondition.AgeOfContext],
            };
            var evaluation = new PersonalizationEvaluation(edgeModel, places, new PersonalizationEvaluationOptions
            {
                Demonstrations = parseResult.GetValue(k),
                Seed = parseResult.GetValue(seed),
                OtherUserAffinity = AffinityOption.Read(parseResult, affinity),
            });
            IReadOnlyList<PersonalizationTrainingExample> examples;
            try
            {
                examples = evaluation.TrainingExamples(items, conditions);
            }
            catch (EdgeDataException ex)
            {
                throw new CliException(ex.Message, ex);
            }

            var path = parseResult.GetValue(output)!;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            PersonalizationTrainingExample.Write(path, examples);
            await Console.Error.WriteLineAsync($"{examples.Count} training examples written to {path}.".AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
