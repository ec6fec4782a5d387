using EdgeFM.Inference.Training;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Training;

public sealed class FineTunerTests
{
    private static readonly FineTuneOptions Options = new()
    {
        Rank = 4,
        Alpha = 8f,
        LearningRate = 1e-2f,
        Epochs = 3,
        BatchSize = 3,
        SequenceLength = 16,
        Seed = 11,
    };

    [Fact]
    public void Same_seed_gives_the_same_adapter_and_another_seed_another()
    {
        using var directory = new TempDirectory();
        var path = TinyModels.Write(directory.Path);
        var data = Data();
        var first = Train(path, Options, data);
        var second = Train(path, Options, data);
        var other = Train(path, Options with { Seed = 12 }, data);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    /// <summary>
    /// A run stopped after 4 steps (mid-epoch 2, with a checkpoint) and resumed in a new process state ends with
    /// bit-identical weights and AdamW moments to an uninterrupted run; so does one resumed from an epoch-end checkpoint.
    /// </summary>
    [Theory]
    [InlineData(4)]
    [InlineData(3)]
    public void Resuming_a_checkpoint_gives_bit_identical_results(int stopAfter)
    {
        using var directory = new TempDirectory();
        var path = TinyModels.Write(directory.Path);
        var data = Data();
        using var model = TinyModels.Load(path);
        var whole = new FineTuner(model, Options);
        whole.Train(data, null);

        var checkpoint = directory.File("run.ckpt");
        var stopped = new FineTuner(model, Options with { MaxSteps = stopAfter, CheckpointPath = checkpoint });
        var partial = stopped.Train(data, null);
        Assert.False(partial.Completed);
        Assert.Equal(stopAfter, partial.Steps);

        var resumed = new FineTuner(model, Options with { CheckpointPath = checkpoint });
        resumed.Resume(TrainingCheckpoint.Load(checkpoint), checkpoint);
        var rest = resumed.Train(data, null);
        Assert.True(rest.Completed);
        Assert.Equal(whole.Step, resumed.Step);
        Assert.Equal(whole.Parameters.Parameters, resumed.Parameters.Parameters);
        var a = whole.CreateCheckpoint();
        var b = resumed.CreateCheckpoint();
        Assert.Equal(a.FirstMoment, b.FirstMoment);
        Assert.Equal(a.SecondMoment, b.SecondMoment);
    }

    [Fact]
    public void A_checkpoint_of_other_options_is_refused_with_the_option_named()
    {
        using var directory = new TempDirectory();
        var path = TinyModels.Write(directory.Path);
        using var model = TinyModels.Load(path);
        var checkpoint = directory.File("run.ckpt");
        new FineTuner(model, Options with { MaxSteps = 1, CheckpointPath = checkpoint }).Train(Data(), null);
        var other = new FineTuner(model, Options with { Rank = 2 });
        var error = Assert.Throws<TrainingDataException>(() => other.Resume(TrainingCheckpoint.Load(checkpoint), checkpoint));
        Assert.Contains("--rank 4, not 2", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Training lowers the eval loss, and the saved adapter read back from its GGUF file gives the same eval loss.</summary>
    [Fact]
    public void Training_lowers_loss_and_the_saved_adapter_reproduces_it()
    {
        using var directory = new TempDirectory();
        var path = TinyModels.Write(directory.Path);
        using var model = TinyModels.Load(path);
        var data = Data();
        var tuner = new FineTuner(model, Options with { Epochs = 8 });
        var result = tuner.Train(data, data);
        Assert.Equal(8, result.Epochs.Count);
        Assert.True(result.Epochs[^1].EvalLoss < result.InitialEvalLoss - 0.5, $"eval loss {result.InitialEvalLoss} → {result.Epochs[^1].EvalLoss}");

        var adapterPath = directory.File("adapter.gguf");
        tuner.Parameters.Save(adapterPath);
        var loaded = LoraParameters.Load(adapterPath, model.Config);
        Assert.Equal(tuner.Parameters.Parameters, loaded.Parameters);
        var again = new LoraTrainingModel(model, loaded);
        var evalLoss = default(BatchLoss);
        for (var i = 0; i < data.Length; i += Options.BatchSize)
        {
            evalLoss += again.ComputeLoss(data[i..Math.Min(data.Length, i + Options.BatchSize)]);
        }

        Assert.Equal(result.Epochs[^1].EvalLoss!.Value, evalLoss.Mean);
    }

    private static float[] Train(string path, FineTuneOptions options, TrainingSequence[] data)
    {
        using var model = TinyModels.Load(path);
        var tuner = new FineTuner(model, options);
        tuner.Train(data, null);
        return tuner.Parameters.Parameters;
    }

    /// <summary>Seven short prompt/completion sequences in which the completion follows from the prompt.</summary>
    private static TrainingSequence[] Data() =>
        [.. Enumerable.Range(0, 7).Select(i => new TrainingSequence([1, 10 + i, 20 + i, 30, 100 + i, 120 + (2 * i), 2], 4))];
}
