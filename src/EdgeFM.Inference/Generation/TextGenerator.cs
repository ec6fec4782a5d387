using System.Runtime.CompilerServices;
using EdgeFM.Inference.Models;
using EdgeFM.Inference.Tokenization;

namespace EdgeFM.Inference.Generation;

/// <summary>
/// Generates text with a <see cref="LlamaModel"/>, streamed token by token. Each call runs its own
/// <see cref="InferenceSession"/> sized to the prompt plus <see cref="GenerationOptions.MaxTokens"/> (at most the
/// model's context), so concurrent calls are independent; they share the model's compute pool.
/// </summary>
public sealed class TextGenerator
{
    private readonly LlamaModel _model;
    private readonly TimeProvider _time;

    /// <summary>Creates a generator for <paramref name="model"/>; <paramref name="timeProvider"/> times prefill and decode.</summary>
    public TextGenerator(LlamaModel model, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Tokenizes <paramref name="prompt"/> (with BOS when <see cref="GenerationOptions.AddBos"/>) and generates from it.</summary>
    /// <exception cref="InvalidOperationException">The model has no tokenizer.</exception>
    public IAsyncEnumerable<GeneratedToken> GenerateAsync(string prompt, GenerationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(options);
        return GenerateAsync(Encode(prompt, options.AddBos), options, cancellationToken);
    }

    /// <summary>The token ids of <paramref name="prompt"/>, as <see cref="GenerateAsync(string, GenerationOptions, CancellationToken)"/> feeds them.</summary>
    public int[] Encode(string prompt, bool addBos) => RequireTokenizer().Encode(prompt, addBos);

    /// <summary>
    /// Generates from prompt token ids. The sequence ends with an element whose <see cref="GeneratedToken.FinishReason"/>
    /// is set; cancellation ends it with <see cref="FinishReason.Cancelled"/> instead of throwing.
    /// </summary>
    /// <exception cref="ContextLengthExceededException">The prompt does not fit in the model's context.</exception>
    public async IAsyncEnumerable<GeneratedToken> GenerateAsync(int[] promptTokens, GenerationOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(promptTokens);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (promptTokens.Length == 0)
        {
            throw new ArgumentException("The prompt has no tokens; pass at least one (for example BOS).", nameof(promptTokens));
        }

        var config = _model.Config;
        if (promptTokens.Length >= config.ContextLength)
        {
            throw new ContextLengthExceededException(promptTokens.Length + 1, config.ContextLength);
        }

        // Let the caller continue while the first (long) step runs on a pool thread.
        await Task.Yield();
        var session = _model.CreateSession((int)Math.Min(config.ContextLength, (long)promptTokens.Length + options.MaxTokens));
        if (options.Adapter is { } adapter)
        {
            session.SetAdapter(adapter, options.AdapterScale);
        }

        var sampler = new Sampler(config.VocabularySize, options);
        var tokenizer = _model.Tokenizer;
        var decoder = tokenizer is null ? null : new StreamingTextDecoder(tokenizer, promptTokens[^1]);
        var stops = new StopSequenceFilter(options.StopSequences);
        var history = new int[promptTokens.Length + options.MaxTokens];
        promptTokens.CopyTo(history, 0);
        var historyLength = promptTokens.Length;

        var started = _time.GetTimestamp();
        var logits = session.Prefill(promptTokens);
        var prefillTime = _time.GetElapsedTime(started);
        var decodeStarted = _time.GetTimestamp();
        var generated = 0;
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                yield return new GeneratedToken(-1, stops.Flush(), FinishReason.Cancelled, Statistics());
                yield break;
            }

            var token = sampler.Sample(logits, history.AsSpan(0, historyLength));
            history[historyLength++] = token;
            generated++;
            if (token == _model.EosTokenId || token == _model.BosTokenId || Contains(options.StopTokenIds, token))
            {
                yield return new GeneratedToken(token, Tail(), FinishReason.EndOfSequence, Statistics());
                yield break;
            }

            var text = stops.Push(decoder is null ? string.Empty : decoder.Push(token).ToString(), out var stopped);
            if (stopped)
            {
                yield return new GeneratedToken(token, text, FinishReason.Stop, Statistics());
                yield break;
            }

            if (generated == options.MaxTokens || session.Position == session.ContextLength)
            {
                yield return new GeneratedToken(token, text + Tail(), FinishReason.Length, Statistics());
                yield break;
            }

            yield return new GeneratedToken(token, text);
            logits = session.Decode(token);
        }

        GenerationStatistics Statistics() => new(promptTokens.Length, generated, prefillTime, _time.GetElapsedTime(decodeStarted));

        string Tail()
        {
            var rest = stops.Push(decoder is null ? string.Empty : decoder.Flush().ToString(), out var stoppedAtEnd);
            return stoppedAtEnd ? rest : rest + stops.Flush();
        }
    }

    private static bool Contains(IReadOnlyList<int> tokens, int token)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i] == token)
            {
                return true;
            }
        }

        return false;
    }

    private ITokenizer RequireTokenizer() => _model.Tokenizer
        ?? throw new InvalidOperationException($"{_model.FilePath}: no tokenizer was found for this model; pass a tokenizer file (ModelLoadOptions.TokenizerPath or --tokenizer) or use token ids.");
}
