using EdgeFM.Core.Randomness;
using EdgeFM.Inference.Models;

namespace EdgeFM.Inference.Training;

/// <summary>
/// LoRA fine-tuning of a frozen base model: shuffled mini-batches, the loss gradient of the adapter
/// (<see cref="LoraTrainingModel"/>), global-norm gradient clipping, AdamW, eval loss per epoch, checkpoints and
/// resume. Deterministic: the same data, options and seed give bit-identical adapter weights, also across a
/// checkpoint and resume.
/// </summary>
public sealed partial class FineTuner
{
    private readonly FineTuneOptions _options;
    private readonly TimeProvider _time;
    private readonly AdamWOptimizer _optimizer;
    private readonly float[] _gradients;
    private Xoshiro256 _random;
    private int _epoch;
    private int _batchInEpoch;
    private int[]? _order;
    private BatchLoss _epochLoss;

    /// <summary>
    /// Prepares fine-tuning of <paramref name="model"/> (loaded with <see cref="ModelLoadOptions.RepackWeights"/> off):
    /// a new adapter initialized from <see cref="FineTuneOptions.Seed"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public FineTuner(LlamaModel model, FineTuneOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _random = new Xoshiro256(options.Seed);
        Parameters = new LoraParameters(model.Config, options.Rank, options.Alpha, options.Targets);
        Parameters.Initialize(_random);
        Model = new LoraTrainingModel(model, Parameters);
        _optimizer = new AdamWOptimizer(Parameters.Parameters.Length, weightDecay: options.WeightDecay);
        _gradients = new float[Parameters.Parameters.Length];
    }

    /// <summary>The adapter being trained.</summary>
    public LoraParameters Parameters { get; }

    /// <summary>The training forward and backward passes.</summary>
    public LoraTrainingModel Model { get; }

    /// <summary>Optimizer steps done.</summary>
    public long Step => _optimizer.Step;

    /// <summary>Mean loss of <paramref name="data"/> per predicted token with the current adapter (batches in order).</summary>
    public BatchLoss Evaluate(IReadOnlyList<TrainingSequence> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var total = default(BatchLoss);
        for (var start = 0; start < data.Count; start += _options.BatchSize)
        {
            total += Model.ComputeLoss(Cut(data, start, Math.Min(_options.BatchSize, data.Count - start)));
        }

        return total;
    }

    /// <summary>
    /// Trains on <paramref name="train"/> until every epoch is done (or <see cref="FineTuneOptions.MaxSteps"/>),
    /// reporting each step and each epoch (with the loss on <paramref name="eval"/>) to <paramref name="progress"/>
    /// and saving checkpoints as the options say. Cancellation saves a checkpoint (when a path is set) and throws.
    /// </summary>
    public TrainingResult Train(IReadOnlyList<TrainingSequence> train, IReadOnlyList<TrainingSequence>? eval, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0)
        {
            throw new ArgumentException("There is no training example.", nameof(train));
        }

        if (_order is not null && _order.Length != train.Count)
        {
            throw new ArgumentException($"The checkpoint was made with {_order.Length} training examples; this data has {train.Count}.", nameof(train));
        }

        var batches = (train.Count + _options.BatchSize - 1) / _options.BatchSize;
        var total = (long)_options.Epochs * batches;
        if (_options.MaxSteps is { } limit)
        {
            total = Math.Min(total, limit);
        }

        double? initialEval = eval is { Count: > 0 } ? Evaluate(eval).Mean : null;
        var epochs = new List<(int, double, double?)>();
        var firstStep = Step;
        long tokens = 0;
        var trainingTicks = 0L;
        while (_epoch < _options.Epochs)
        {
            if (_order is null)
            {
                _order = new int[train.Count];
                for (var i = 0; i < _order.Length; i++)
                {
                    _order[i] = i;
                }

                _random.Shuffle(_order);
                _batchInEpoch = 0;
                _epochLoss = default;
            }

            for (; _batchInEpoch < batches; _batchInEpoch++)
            {
                if (Step >= total)
                {
                    SaveCheckpoint();
                    return Result(false);
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    SaveCheckpoint();
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var start = _time.GetTimestamp();
                var batch = Batch(train, _batchInEpoch);
                Array.Clear(_gradients);
                var loss = Model.ComputeGradients(batch, _gradients);
                var norm = GradientClipping.ClipGlobalNorm(_gradients, _options.MaxGradientNorm);
                _optimizer.Update(Parameters.Parameters, _gradients, _options.LearningRate);
                trainingTicks += _time.GetElapsedTime(start).Ticks;
                tokens += batch.Sum(s => s.Tokens.Length - 1L);
                _epochLoss += loss;
                progress?.Report(Report(loss.Mean, norm));
                if (_options.CheckpointEvery > 0 && Step % _options.CheckpointEvery == 0)
                {
                    _batchInEpoch++;
                    SaveCheckpoint();
                    _batchInEpoch--;
                }
            }

            var trainLoss = _epochLoss.Mean;
            double? evalLoss = eval is { Count: > 0 } ? Evaluate(eval).Mean : null;
            epochs.Add((_epoch, trainLoss, evalLoss));
            progress?.Report(Report(trainLoss, 0) with { EpochTrainLoss = trainLoss, EpochEvalLoss = evalLoss });
            _epoch++;
            _order = null;
            _batchInEpoch = 0;
            _epochLoss = default;
            SaveCheckpoint();
        }

        return Result(true);

        TrainingProgress Report(double loss, double norm)
        {
            var elapsed = TimeSpan.FromTicks(trainingTicks);
            var done = Step - firstStep;
            var perStep = done > 0 ? elapsed / done : TimeSpan.Zero;
            return new TrainingProgress
            {
                Step = Step,
                TotalSteps = total,
                Epoch = _epoch,
                Loss = loss,
                GradientNorm = norm,
                TokensPerSecond = elapsed > TimeSpan.Zero ? tokens / elapsed.TotalSeconds : 0,
                Elapsed = elapsed,
                Remaining = perStep * Math.Max(0, total - Step),
            };
        }

        TrainingResult Result(bool completed) => new()
        {
            Steps = Step,
            Completed = completed,
            InitialEvalLoss = initialEval,
            Epochs = epochs,
            Tokens = tokens,
            TrainingTime = TimeSpan.FromTicks(trainingTicks),
        };
    }

    private TrainingSequence[] Batch(IReadOnlyList<TrainingSequence> train, int index)
    {
        var start = index * _options.BatchSize;
        var count = Math.Min(_options.BatchSize, train.Count - start);
        var batch = new TrainingSequence[count];
        for (var i = 0; i < count; i++)
        {
            batch[i] = Fit(train[_order![start + i]]);
        }

        return batch;
    }

    private TrainingSequence[] Cut(IReadOnlyList<TrainingSequence> data, int start, int count)
    {
        var batch = new TrainingSequence[count];
        for (var i = 0; i < count; i++)
        {
            batch[i] = Fit(data[start + i]);
        }

        return batch;
    }

    /// <summary>The sequence cut to <see cref="FineTuneOptions.SequenceLength"/> input tokens.</summary>
    private TrainingSequence Fit(TrainingSequence sequence)
    {
        if (sequence.Tokens.Length - 1 <= _options.SequenceLength)
        {
            return sequence;
        }

        return sequence.FirstTarget <= _options.SequenceLength
            ? sequence with { Tokens = sequence.Tokens[..(_options.SequenceLength + 1)] }
            : throw new ArgumentException($"An example (line {sequence.Line}) has no predicted token within the sequence length {_options.SequenceLength}.", nameof(sequence));
    }
}
