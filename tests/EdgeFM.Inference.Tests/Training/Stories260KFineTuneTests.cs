using EdgeFM.Inference.Generation;
using EdgeFM.Inference.Models;
using EdgeFM.Inference.Training;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Training;

/// <summary>
/// Fine-tuning the shared stories260K model on the project's location-aware prompt completion data
/// (data/finetune). A short run (96 training examples, 2 epochs) so that it takes seconds; docs/finetune.md has the
/// full run's command and numbers.
/// </summary>
public sealed class Stories260KFineTuneTests
{
    private static readonly string ModelPath = SharedPaths.Model("stories260K.gguf");
    private static readonly string DataDirectory = Path.Combine(SharedPaths.RepositoryRoot, "data", "finetune");

    [Fact]
    public void Fine_tuning_lowers_held_out_loss_and_the_saved_adapter_reproduces_it_and_changes_generation()
    {
        using var directory = new TempDirectory();
        using var model = LlamaModel.Load(ModelPath, new ModelLoadOptions { RepackWeights = false, Threads = 2 });
        var options = new FineTuneOptions { Epochs = 2, BatchSize = 8, LearningRate = 3e-3f, SequenceLength = 128, Seed = 1 };
        var train = TrainingData.Load(Path.Combine(DataDirectory, "train.jsonl"), model.Tokenizer!, options.SequenceLength + 1).Take(96).ToArray();
        var eval = TrainingData.Load(Path.Combine(DataDirectory, "eval.jsonl"), model.Tokenizer!, options.SequenceLength + 1).Take(32).ToArray();

        var tuner = new FineTuner(model, options);
        var result = tuner.Train(train, eval);
        var baseLoss = result.InitialEvalLoss!.Value;
        var tunedLoss = result.Epochs[^1].EvalLoss!.Value;
        Assert.True(tunedLoss < 0.6 * baseLoss, $"held-out loss {baseLoss:F3} → {tunedLoss:F3}");

        var adapterPath = directory.File("location.gguf");
        tuner.Parameters.Save(adapterPath);
        var reloaded = new FineTuner(model, options);
        LoraParameters.Load(adapterPath, model.Config).Parameters.CopyTo(reloaded.Parameters.Parameters, 0);
        Assert.Equal(tunedLoss, reloaded.Evaluate(eval).Mean);

        // The adapter merged into a copy of the model turns greedy generation from a story into a request in the data's
        // form (this short run learns the form; the full run of docs/finetune.md also learns to carry the facts).
        var merged = directory.File("merged.gguf");
        MergedModel.Write(ModelPath, tuner.Parameters, merged);
        const string Prompt = "Request: coffee\nPlace: Paris. Time: 9:30 am. Near: the Louvre.\nFull request:";
        var before = Greedy(model, Prompt);
        using var tuned = LlamaModel.Load(merged);
        var after = Greedy(tuned, Prompt);
        string[] openings = [" Where ", " Which ", " What ", " How "];
        Assert.DoesNotContain(openings, o => before.StartsWith(o, StringComparison.Ordinal));
        Assert.Contains(openings, o => after.StartsWith(o, StringComparison.Ordinal));
    }

    private static string Greedy(LlamaModel model, string prompt)
    {
        var generator = new TextGenerator(model);
        var text = new System.Text.StringBuilder();
        foreach (var token in generator.GenerateAsync(prompt, new GenerationOptions { Temperature = 0, MaxTokens = 40 }).ToBlockingEnumerable())
        {
            text.Append(token.Text);
        }

        return text.ToString();
    }
}
