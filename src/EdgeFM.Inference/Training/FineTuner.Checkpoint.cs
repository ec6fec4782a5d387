using EdgeFM.Core.Randomness;
namespace EdgeFM.Inference.Training;

public sealed partial class FineTuner
{
    /// <summary>The run's complete state now (see <see cref="TrainingCheckpoint"/>).</summary>
    public TrainingCheckpoint CreateCheckpoint() => new()
    {
        Header = new CheckpointHeader
        {
            ModelName = Path.GetFileName(Model.Model.FilePath),
            ModelBytes = Model.Model.FileBytes,
            Rank = Parameters.Rank,
            Alpha = Parameters.Alpha,
            Targets = [.. Parameters.Targets.Select(TrainingTargets.ShortName)],
            BatchSize = _options.BatchSize,
            Seed = _options.Seed,
            Examples = _order?.Length ?? 0,
            ParameterCount = Parameters.Parameters.Length,
            Step = _optimizer.Step,
            Epoch = _epoch,
            BatchInEpoch = _batchInEpoch,
            Order = _order is null ? null : [.. _order],
            EpochLossSum = _epochLoss.Sum,
            EpochTargets = _epochLoss.Targets,
            RandomState = _random.State,
        },
        Parameters = [.. Parameters.Parameters],
        FirstMoment = [.. _optimizer.FirstMoment],
        SecondMoment = [.. _optimizer.SecondMoment],
    };

    /// <summary>
    /// Continues the run <paramref name="checkpoint"/> saved: its weights, moments, step, epoch, position and random
    /// state replace this tuner's. The checkpoint must have been made with the same model, rank, alpha, targets, batch
    /// size and seed (<paramref name="source"/> names it in errors).
    /// </summary>
    /// <exception cref="TrainingDataException">The checkpoint does not belong to this model and these options.</exception>
    public void Resume(TrainingCheckpoint checkpoint, string source)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var h = checkpoint.Header;
        var targets = string.Join(",", Parameters.Targets.Select(TrainingTargets.ShortName));
        Check(h.ModelBytes == Model.Model.FileBytes, $"was made with a base model of {h.ModelBytes} bytes ({h.ModelName}), not {Model.Model.FilePath} ({Model.Model.FileBytes} bytes)");
        Check(h.Rank == Parameters.Rank, $"was made with --rank {h.Rank}, not {Parameters.Rank}");
        Check(h.Alpha.Equals(Parameters.Alpha), $"was made with --alpha {h.Alpha}, not {Parameters.Alpha}");
        Check(string.Equals(string.Join(",", h.Targets), targets, StringComparison.Ordinal), $"was made with --targets {string.Join(",", h.Targets)}, not {targets}");
        Check(h.BatchSize == _options.BatchSize, $"was made with --batch {h.BatchSize}, not {_options.BatchSize}");
        Check(h.Seed == _options.Seed, $"was made with --seed {h.Seed}, not {_options.Seed}");
        Check(h.ParameterCount == Parameters.Parameters.Length, $"holds {h.ParameterCount} weights; this adapter has {Parameters.Parameters.Length}");
        Check(h.Epoch >= 0 && h.BatchInEpoch >= 0 && h.Step >= 0, "has a negative epoch, batch or step; it is damaged");
        checkpoint.Parameters.CopyTo(Parameters.Parameters, 0);
        checkpoint.FirstMoment.CopyTo(_optimizer.FirstMoment, 0);
        checkpoint.SecondMoment.CopyTo(_optimizer.SecondMoment, 0);
        _optimizer.Step = h.Step;
        _epoch = h.Epoch;
        _batchInEpoch = h.BatchInEpoch;
        _order = h.Order is null ? null : [.. h.Order];
        _epochLoss = new BatchLoss(h.EpochLossSum, h.EpochTargets);
        _random = new Xoshiro256(h.RandomState);

        void Check(bool ok, string problem)
        {
            if (!ok)
            {
                throw new TrainingDataException(source, 0, $"{problem}; resume with the options of the run that saved it.");
            }
        }
    }

    private void SaveCheckpoint()
    {
        if (_options.CheckpointPath is { } path)
        {
            CreateCheckpoint().Save(path);
        }
    }
}
