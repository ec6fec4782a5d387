using System.CommandLine;
using EdgeFM.Edge.Evaluation;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm eval personalization</c>: NetGPT prompt completion with no, random and AoC-selected demonstrations.</summary>
internal static class EvalPersonalizationCommand
{
    internal const string Name = "personalization";

    internal const string Description = "Fact recall/precision, leaked coordinates and edge-model loss of completed prompts, with no, random and AoC-selected demonstrations.";

    public static Command Create()
    {
        var model = new ModelOptions();
        var adapterOptions = new AdapterOptions();
        var inputs = new PersonalizationInputs();
        var k = new Option<int>("--k") { Description = "Demonstrations per request.", DefaultValueFactory = _ => 3 };
        var limit = new Option<int>("--limit") { Description = "Evaluate only the first N held-out requests (0: all).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random-demonstrations baseline.", DefaultValueFactory = _ => 1 };
        var affinity = AffinityOption.Create();
        var command = new Command(Name, Description);
        model.AddTo(command);
        adapterOptions.AddTo(command);
        inputs.AddTo(command);
        command.Options.Add(k);
        command.Options.Add(limit);
        command.Options.Add(seed);
        command.Options.Add(affinity);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var demonstrations = parseResult.GetValue(k);
            if (demonstrations < 0 || parseResult.GetValue(limit) < 0)
            {
                throw new CliException("--k and --limit must be 0 or positive.");
            }

            var (places, items) = inputs.Load(parseResult);

            using var loaded = model.Load(parseResult);

            // Always merged: the completer and the loss open plain sessions, and one adapter over one base is what
            // merging is for (--merge-adapter is accepted and changes nothing here).
            var adapter = adapterOptions.Load(parseResult, loaded);
            using var merged = adapter is null ? null : loaded.MergeAdapter(adapter, parseResult.GetValue(adapterOptions.Scale));
            var evaluation = new PersonalizationEvaluation(merged ?? loaded, places, new PersonalizationEvaluationOptions
            {
                ModelLabel = adapter is null ? null : FormattableString.Invariant($"{Path.GetFileName(loaded.FilePath)} + adapter {Path.GetFileName(adapter.FilePath)} (scale {parseResult.GetValue(adapterOptions.Scale)})"),
                Demonstrations = demonstrations,
                Limit = parseResult.GetValue(limit),
                Seed = parseResult.GetValue(seed),
                OtherUserAffinity = AffinityOption.Read(parseResult, affinity),
            });
            var progress = new Progress<int>(n =>
            {
                if (n % 10 == 0)
                {
                    Console.Error.WriteLine($"{n} held-out requests evaluated");
                }
            });
            var report = await Task.Run(() => evaluation.Run(items, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteAsync(report.ToMarkdown().AsMemory(), cancellationToken).ConfigureAwait(false);
            return report.Conditions.Any(c => c.LeakedCoordinates > 0) ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }
}
