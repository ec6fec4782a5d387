using System.CommandLine;
using EdgeFM.Edge.Evaluation;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm bench netgpt</c>: wall-clock of the NetGPT edge stage per request, against a plain generation.</summary>
internal static class BenchNetgptCommand
{
    internal const string Name = "netgpt";

    internal const string Description = "Time the NetGPT edge stage (location resolve, AoC selection, constrained completion, egress filter) on the personalization data set's held-out requests, p50/p99 against a plain generation of the same token counts.";

    public static Command Create()
    {
        var model = new ModelOptions();
        var inputs = new PersonalizationInputs();
        var requests = new Option<int>("--requests", "-n") { Description = "Requests timed (held-out requests, cycled).", DefaultValueFactory = _ => 200 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed requests first.", DefaultValueFactory = _ => 5 };
        var k = new Option<int>("--k") { Description = "Demonstrations per request.", DefaultValueFactory = _ => 3 };
        var command = new Command(Name, Description);
        model.AddTo(command);
        inputs.AddTo(command);
        command.Options.Add(requests);
        command.Options.Add(warmup);
        command.Options.Add(k);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(requests) < 1 || parseResult.GetValue(warmup) < 0 || parseResult.GetValue(k) < 0)
            {
                throw new CliException("--requests must be at least 1; --warmup and --k must be 0 or positive.");
            }

            var (places, items) = inputs.Load(parseResult);
            if (!items.Any(i => string.Equals(i.Split, "heldout", StringComparison.Ordinal)))
            {
                throw new CliException($"{parseResult.GetValue(inputs.Data)}: the data set has no held-out requests to time; pass the shipped data set or one written by 'edgefm eval personalization-data'.");
            }

            using var edgeModel = model.Load(parseResult);
            var evaluation = new PersonalizationEvaluation(edgeModel, places, new PersonalizationEvaluationOptions { Demonstrations = parseResult.GetValue(k) });
            var report = await Task.Run(() => evaluation.BenchmarkEdgeStage(items, parseResult.GetValue(requests), parseResult.GetValue(warmup), cancellationToken), cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteAsync(report.ToMarkdown().AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
