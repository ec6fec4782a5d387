using System.CommandLine;
using System.Text;
using System.Text.Json;
using EdgeFM.Inference.Generation;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm generate</c>: generate text with a local model, streamed to stdout.</summary>
internal static class GenerateCommand
{
    internal const string Name = "generate";

    internal const string Description = "Generate text from a prompt with a local model: prints the prompt, then the text as it is generated (with --json, one object).";

    internal static Command Create()
    {
        var model = new ModelOptions();
        var adapterOptions = new AdapterOptions();
        var prompt = new Option<string>("--prompt", "-p") { Description = "The prompt text.", Required = true };
        var maxTokens = new Option<int>("--max-tokens", "-n") { Description = "Most tokens to generate.", DefaultValueFactory = _ => 256 };
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature; 0 is greedy.", DefaultValueFactory = _ => 0.8f };
        var topK = new Option<int>("--top-k") { Description = "Keep the K most likely tokens (0: off).", DefaultValueFactory = _ => 40 };
        var topP = new Option<float>("--top-p") { Description = "Nucleus sampling threshold (1: off).", DefaultValueFactory = _ => 0.95f };
        var minP = new Option<float>("--min-p") { Description = "Drop tokens below this fraction of the top probability (0: off).", DefaultValueFactory = _ => 0.05f };
        var repeatPenalty = new Option<float>("--repeat-penalty") { Description = "Penalty for tokens among the last 64 (1: off).", DefaultValueFactory = _ => 1f };
        var seed = new Option<int?>("--seed") { Description = "Random seed; the same seed gives the same text." };
        var stop = new Option<string[]>("--stop") { Description = "Stop when this text appears (repeatable).", AllowMultipleArgumentsPerToken = false };
        var noBos = new Option<bool>("--no-bos") { Description = "Do not start the prompt with the BOS token." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the text, token ids and speeds." };

        var command = new Command(Name, Description);
        model.AddTo(command);
        adapterOptions.AddTo(command);
        foreach (var option in new Option[] { prompt, maxTokens, temperature, topK, topP, minP, repeatPenalty, seed, stop, noBos, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new GenerationOptions
            {
                MaxTokens = parseResult.GetValue(maxTokens),
                Temperature = parseResult.GetValue(temperature),
                TopK = parseResult.GetValue(topK),
                TopP = parseResult.GetValue(topP),
                MinP = parseResult.GetValue(minP),
                RepetitionPenalty = parseResult.GetValue(repeatPenalty),
                Seed = parseResult.GetValue(seed),
                StopSequences = parseResult.GetValue(stop) ?? [],
                AddBos = !parseResult.GetValue(noBos),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new CliException($"invalid sampling option: {ex.Message}", ex);
            }

            using var loaded = model.Load(parseResult);
            var (runModel, adapter, adapterScale, merged) = adapterOptions.Resolve(parseResult, loaded);
            using var mergedModel = merged;
            options = options with { Adapter = adapter, AdapterScale = adapterScale };
            var generator = new TextGenerator(runModel);
            int[] promptTokens;
            try
            {
                promptTokens = generator.Encode(parseResult.GetValue(prompt)!, options.AddBos);
            }
            catch (InvalidOperationException ex)
            {
                throw new CliException(ex.Message, ex);
            }

            var asJson = parseResult.GetValue(json);
            if (!asJson)
            {
                // Like llama.cpp and llama2.c, the plain output starts with the prompt.
                await Console.Out.WriteAsync(parseResult.GetValue(prompt)).ConfigureAwait(false);
            }

            var text = new StringBuilder();
            var tokens = new List<int>();
            GenerationStatistics? statistics = null;
            FinishReason? finish = null;
            try
            {
                await foreach (var token in generator.GenerateAsync(promptTokens, options, cancellationToken).ConfigureAwait(false))
                {
                    if (token.TokenId >= 0)
                    {
                        tokens.Add(token.TokenId);
                    }

                    text.Append(token.Text);
                    if (!asJson)
                    {
                        await Console.Out.WriteAsync(token.Text).ConfigureAwait(false);
                        await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }

                    statistics = token.Statistics ?? statistics;
                    finish = token.FinishReason ?? finish;
                }
            }
            catch (ContextLengthExceededException ex)
            {
                throw new CliException(ex.Message, ex);
            }

            if (asJson)
            {
                var result = new GenerateJsonResult(
                    text.ToString(),
                    promptTokens,
                    tokens,
                    statistics?.PrefillTokensPerSecond ?? 0,
                    statistics?.DecodeTokensPerSecond ?? 0,
                    finish is null ? null : JsonNamingPolicy.CamelCase.ConvertName(finish.Value.ToString()));
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(result, CliJsonContext.Default.GenerateJsonResult)).ConfigureAwait(false);
            }
            else
            {
                await Console.Out.WriteLineAsync().ConfigureAwait(false);
            }

            if (statistics is not null)
            {
                await Console.Error.WriteLineAsync(
                    $"prompt {statistics.PromptTokens} tokens, {statistics.PrefillTokensPerSecond:F1} tok/s; generated {statistics.GeneratedTokens} tokens, {statistics.DecodeTokensPerSecond:F1} tok/s").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
