using System.Globalization;
using EdgeFM.Inference.Training;
using Spectre.Console;

namespace EdgeFM.Cli.Commands;

/// <summary>Runs fine-tuning with a progress bar on an interactive stderr, or one line per epoch otherwise.</summary>
internal static class FinetuneProgress
{
    public static TrainingResult Run(FineTuner tuner, IReadOnlyList<TrainingSequence> train, IReadOnlyList<TrainingSequence>? eval, bool quiet, CancellationToken cancellationToken)
    {
        if (Console.IsErrorRedirected)
        {
            // Plain lines: a log file or a test gets the epoch results without terminal control codes.
            var lines = new SynchronousProgress(p =>
            {
                if (!quiet && p.EpochTrainLoss is { } trainLoss)
                {
                    Console.Error.WriteLine(EpochLine(p, trainLoss));
                }
            });
            return tuner.Train(train, eval, lines, cancellationToken);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        TrainingResult? result = null;
        console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
            .Start(context =>
            {
                var task = context.AddTask("fine-tuning", maxValue: 1);
                var progress = new SynchronousProgress(p =>
                {
                    task.MaxValue = Math.Max(1, p.TotalSteps);
                    task.Value = p.Step;
                    if (p.EpochTrainLoss is { } trainLoss)
                    {
                        console.MarkupLine(Markup.Escape(EpochLine(p, trainLoss)));
                        return;
                    }

                    task.Description = Markup.Escape(string.Create(
                        CultureInfo.InvariantCulture,
                        $"epoch {p.Epoch + 1} step {p.Step}/{p.TotalSteps} loss {p.Loss:F4} {p.TokensPerSecond:F0} tok/s left {p.Remaining:hh\\:mm\\:ss}"));
                });
                result = tuner.Train(train, eval, progress, cancellationToken);
            });
        return result!;
    }

    private static string EpochLine(TrainingProgress p, double trainLoss) => string.Create(
        CultureInfo.InvariantCulture,
        $"epoch {p.Epoch + 1}: train loss {trainLoss:F4}{(p.EpochEvalLoss is { } e ? $", eval loss {e:F4}" : string.Empty)}, {p.TokensPerSecond:F0} tokens/s, step {p.Step}/{p.TotalSteps}");

    /// <summary>An <see cref="IProgress{T}"/> that reports on the training thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
