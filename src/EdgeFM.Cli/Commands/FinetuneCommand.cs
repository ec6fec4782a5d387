using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeFM.Inference;
using EdgeFM.Inference.Diagnostics;
using EdgeFM.Inference.Models;
using EdgeFM.Inference.Training;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm finetune</c>: train a LoRA adapter for a local model on JSON Lines data and save it as GGUF.</summary>
internal static class FinetuneCommand
{
    internal const string Name = "finetune";

    internal const string Description = "Fine-tune a LoRA adapter for a local model on JSON Lines data ({\"prompt\",\"completion\"} or {\"text\"}) and save it in llama.cpp's GGUF LoRA format.";

    internal static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "Base model: GGUF (llama) or llama2.c checkpoint (.bin); its weights stay frozen.", Required = true };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "llama2.c tokenizer file (for .bin models; default: tokenizer.bin beside the model)." };
        var threads = new Option<int?>("--threads", "-t") { Description = "Worker threads (default: one per processor)." };
        var data = new Option<string>("--data") { Description = "Training data, JSON Lines.", Required = true };
        var eval = new Option<string?>("--eval") { Description = "Held-out data, JSON Lines; its loss is reported before training and after each epoch." };
        var output = new Option<string>("--out", "-o") { Description = "Adapter file to write (GGUF LoRA).", Required = true };
        var rank = new Option<int>("--rank") { Description = "LoRA rank r.", DefaultValueFactory = _ => 8 };
        var alpha = new Option<float>("--alpha") { Description = "LoRA alpha; updates are scaled by alpha / rank.", DefaultValueFactory = _ => 16f };
        var targets = new Option<string>("--targets") { Description = "Adapted matrices of every layer: comma-separated q,k,v,o,gate,up,down (or all).", DefaultValueFactory = _ => "q,k,v,o,gate,up,down" };
        var learningRate = new Option<float>("--lr") { Description = "AdamW learning rate.", DefaultValueFactory = _ => 1e-3f };
        var weightDecay = new Option<float>("--weight-decay") { Description = "AdamW decoupled weight decay.", DefaultValueFactory = _ => 0f };
        var clip = new Option<float>("--clip") { Description = "Clip each step's gradient to this global L2 norm (0: off).", DefaultValueFactory = _ => 1f };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training data.", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch") { Description = "Sequences per optimizer step.", DefaultValueFactory = _ => 8 };
        var sequenceLength = new Option<int>("--seq-len") { Description = "Most input tokens per example; longer examples are cut.", DefaultValueFactory = _ => 128 };
        var seed = new Option<long>("--seed") { Description = "Seed of the initialization and data order; the same seed gives the same adapter.", DefaultValueFactory = _ => 1 };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Checkpoint file, saved after each epoch, every --checkpoint-every steps and on Ctrl+C (default: OUT.ckpt)." };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Also save the checkpoint every N steps (0: after each epoch only).", DefaultValueFactory = _ => 0 };
        var resume = new Option<string?>("--resume") { Description = "Continue the run that saved this checkpoint (same data and options)." };
        var maxSteps = new Option<long?>("--max-steps") { Description = "Stop after this many steps in total (the checkpoint is saved)." };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object." };

        var command = new Command(Name, Description);
        foreach (var option in new Option[] { model, tokenizer, threads, data, eval, output, rank, alpha, targets, learningRate, weightDecay, clip, epochs, batch, sequenceLength, seed, checkpoint, checkpointEvery, resume, maxSteps, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var outPath = Path.GetFullPath(parseResult.GetValue(output)!);
            var options = new FineTuneOptions
            {
                Rank = parseResult.GetValue(rank),
                Alpha = parseResult.GetValue(alpha),
                Targets = ParseTargets(parseResult.GetValue(targets)!),
                LearningRate = parseResult.GetValue(learningRate),
                WeightDecay = parseResult.GetValue(weightDecay),
                MaxGradientNorm = parseResult.GetValue(clip),
                Epochs = parseResult.GetValue(epochs),
                BatchSize = parseResult.GetValue(batch),
                SequenceLength = parseResult.GetValue(sequenceLength),
                Seed = parseResult.GetValue(seed),
                CheckpointPath = parseResult.GetValue(checkpoint) ?? outPath + ".ckpt",
                CheckpointEvery = parseResult.GetValue(checkpointEvery),
                MaxSteps = parseResult.GetValue(maxSteps),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new CliException($"invalid fine-tuning option: {ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal)}", ex);
            }

            RequireWritableDirectory(outPath);
            if (parseResult.GetValue(threads) is < 1)
            {
                throw new CliException($"--threads must be at least 1 (got {parseResult.GetValue(threads)}).");
            }

            using var loaded = ModelOptions.LoadModel(parseResult.GetValue(model)!, new ModelLoadOptions
            {
                TokenizerPath = parseResult.GetValue(tokenizer),
                Threads = parseResult.GetValue(threads),
                RepackWeights = false,
            });
            var vocabulary = loaded.Tokenizer ?? throw new CliException($"{loaded.FilePath} has no tokenizer; pass --tokenizer (llama2.c models) so the data can be tokenized.");
            if (options.SequenceLength > loaded.Config.ContextLength)
            {
                throw new CliException($"--seq-len {options.SequenceLength} is longer than the model's context of {loaded.Config.ContextLength} tokens.");
            }

            var train = LoadData(parseResult.GetValue(data)!, vocabulary, options.SequenceLength);
            var held = parseResult.GetValue(eval) is { } evalPath ? LoadData(evalPath, vocabulary, options.SequenceLength) : null;
            var tuner = CreateTuner(loaded, options);
            if (parseResult.GetValue(resume) is { } resumePath)
            {
                try
                {
                    tuner.Resume(TrainingCheckpoint.Load(resumePath), resumePath);
                }
                catch (TrainingDataException ex)
                {
                    throw new CliException(ex.Message, ex);
                }
            }

            TrainingResult result;
            var cpuBefore = Environment.CpuUsage.TotalTime;
            try
            {
                result = FinetuneProgress.Run(tuner, train, held, parseResult.GetValue(json), cancellationToken);
            }
            catch (OperationCanceledException ex)
            {
                throw new CliException($"cancelled after step {tuner.Step}; the checkpoint {options.CheckpointPath} continues it with --resume.", ex, ExitCodes.Failure);
            }
            catch (ArgumentException ex)
            {
                throw new CliException($"cannot train on {parseResult.GetValue(data)}: {ex.Message}", ex);
            }

            try
            {
                tuner.Parameters.Save(outPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot write '{outPath}': {ex.Message}", ex, ExitCodes.Failure);
            }

            var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
            await WriteSummaryAsync(result, cpu, outPath, options, tuner, parseResult.GetValue(json)).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static IReadOnlyList<LoraTarget> ParseTargets(string list)
    {
        try
        {
            return TrainingTargets.Parse(list);
        }
        catch (FormatException ex)
        {
            throw new CliException($"--targets: {ex.Message}", ex);
        }
    }

    private static IReadOnlyList<TrainingSequence> LoadData(string path, Inference.Tokenization.ITokenizer tokenizer, int sequenceLength)
    {
        try
        {
            return TrainingData.Load(path, tokenizer, sequenceLength + 1);
        }
        catch (TrainingDataException ex)
        {
            throw new CliException(ex.Message, ex);
        }
    }

    private static FineTuner CreateTuner(LlamaModel model, FineTuneOptions options)
    {
        try
        {
            return new FineTuner(model, options);
        }
        catch (ModelFileException ex)
        {
            throw new CliException(ex.Message, ex);
        }
    }

    private static void RequireWritableDirectory(string path)
    {
        var directory = Path.GetDirectoryName(path);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new CliException($"--out {path}: the directory {directory} does not exist; create it first.");
        }
    }

    /// <summary>
    /// Prints the run's outcome. <paramref name="cpu"/> is the process's CPU time during training and evaluation: on a
    /// shared machine wall-clock tokens/s depend on the other load, CPU time much less.
    /// </summary>
    private static async Task WriteSummaryAsync(TrainingResult result, TimeSpan cpu, string outPath, FineTuneOptions options, FineTuner tuner, bool asJson)
    {
        var peak = ProcessMemory.PeakResidentBytes();
        var finalEval = result.Epochs.Count > 0 ? result.Epochs[^1].EvalLoss : null;
        if (asJson)
        {
            var summary = new FinetuneJsonResult(
                outPath,
                result.Steps,
                result.Completed,
                result.InitialEvalLoss,
                [.. result.Epochs.Select(e => new FinetuneJsonEpoch(e.Epoch + 1, e.TrainLoss, e.EvalLoss))],
                result.Tokens,
                result.TrainingTime.TotalSeconds,
                result.TokensPerSecond,
                cpu.TotalSeconds,
                peak,
                tuner.Parameters.Parameters.Length,
                options.CheckpointPath);
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(summary, CliJsonContext.Default.FinetuneJsonResult)).ConfigureAwait(false);
            return;
        }

        var c = CultureInfo.InvariantCulture;
        await Console.Out.WriteLineAsync(string.Create(c, $"wrote {outPath}: rank {options.Rank}, alpha {options.Alpha}, {tuner.Parameters.Parameters.Length} weights, {result.Steps} steps{(result.Completed ? string.Empty : " (stopped at --max-steps; continue with --resume " + options.CheckpointPath + ")")}")).ConfigureAwait(false);
        if (result.InitialEvalLoss is { } before && finalEval is { } after)
        {
            await Console.Out.WriteLineAsync(string.Create(c, $"eval loss {before:F4} -> {after:F4}")).ConfigureAwait(false);
        }

        await Console.Out.WriteLineAsync(string.Create(c, $"{result.Tokens} tokens in {result.TrainingTime.TotalSeconds:F1} s: {result.TokensPerSecond:F0} tokens/s ({cpu.TotalSeconds:F1} s of CPU with evaluation); peak memory {peak / (1024.0 * 1024):F1} MiB")).ConfigureAwait(false);
    }
}
