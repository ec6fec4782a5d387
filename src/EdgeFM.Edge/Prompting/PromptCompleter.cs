using System.Buffers;
using System.Runtime.CompilerServices;
using EdgeFM.Edge.Demonstrations;
using EdgeFM.Edge.Location;
using EdgeFM.Inference.Generation;
using EdgeFM.Inference.Lora;
using EdgeFM.Inference.Models;
using EdgeFM.Inference.Tokenization;

namespace EdgeFM.Edge.Prompting;

/// <summary>
/// Completes a concise prompt with location facts and demonstrations using the edge model, under a generation
/// constraint: the request, the template's lead-ins and the facts are forced tokens (prefilled, never sampled), and the
/// model samples only the connectors after each fact, from a vocabulary with every token containing a digit masked
/// out (so it cannot write coordinates or any number) and ending at a token holding '.', '!', '?' or a line break.
/// Demonstrations are kept in the given order while they fit the model's context after the request's own tokens.
/// Thread-safe: each call runs its own <see cref="InferenceSession"/>.
/// </summary>
public sealed class PromptCompleter
{
    private const string StopCharacters = ".!?\n\r";

    private readonly LlamaModel _model;
    private readonly ITokenizer _tokenizer;
    private readonly PromptCompletionOptions _options;
    private readonly LoraAdapter? _adapter;
    private readonly bool[] _banned;
    private readonly bool[] _stops;
    private readonly bool[] _joins;

    // A demonstration's continuation tokens, kept while the demonstration lives: the selection's budget
    // (TokenCost) and the prompt (Prefix) then tokenize each demonstration of a request once.
    private readonly ConditionalWeakTable<StoredDemonstration, int[]> _continuations = [];

    /// <summary>
    /// Creates a completer over <paramref name="model"/>, which needs a tokenizer; with <paramref name="adapter"/>, every
    /// completion runs the model with that LoRA adapter applied unmerged (scale 1), so one memory-mapped model serves
    /// completers with different adapters. The adapter must fit the model (<see cref="LoraAdapter.Load"/> checks it).
    /// </summary>
    public PromptCompleter(LlamaModel model, PromptCompletionOptions? options = null, LoraAdapter? adapter = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _adapter = adapter;
        _tokenizer = model.Tokenizer ?? throw new ArgumentException($"{model.FilePath}: the edge model needs a tokenizer to complete prompts.", nameof(model));
        _options = options ?? new PromptCompletionOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.ConnectorMaxTokens, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_options.ConnectorMinTokens, _options.ConnectorMaxTokens, nameof(options));
        (_banned, _stops, _joins) = Classify(_tokenizer, model.Config.VocabularySize);
    }

    /// <summary>The edge model.</summary>
    public LlamaModel Model => _model;

    /// <summary>The LoRA adapter applied to every completion, or null for the model alone.</summary>
    public LoraAdapter? Adapter => _adapter;

    /// <summary>Tokens <paramref name="text"/> takes in the edge model at the start of a prompt (no BOS).</summary>
    public int CountTokens(string text) => _tokenizer.Encode(text, addBos: false).Length;

    /// <summary>
    /// Tokens a demonstration takes in the edge prompt (for <see cref="DemonstrationContext.Select"/>'s budget): its
    /// tokens as it follows other text (<see cref="ITokenizer.EncodeContinuation"/>). The first demonstration, which
    /// starts the prompt, is tokenized as a start instead and may take one token more or fewer; see <see cref="Fit"/>.
    /// </summary>
    public int TokenCost(StoredDemonstration demonstration) => Continuation(demonstration).Length;

    /// <summary>
    /// Those of <paramref name="demonstrations"/> that <see cref="Complete"/> shows for <paramref name="concisePrompt"/>
    /// and <paramref name="location"/>, in order: each while its tokens fit what the request, the forced spans and the
    /// connectors' maximum leave of the context (one token kept spare).
    /// </summary>
    public IReadOnlyList<StoredDemonstration> Fit(string concisePrompt, LocationContext location, IEnumerable<StoredDemonstration> demonstrations) =>
        [.. Prefix(concisePrompt, location, demonstrations).Used];

    /// <summary>
    /// Tokens left for demonstrations when completing <paramref name="concisePrompt"/> with <paramref name="location"/>:
    /// the model's context minus the request, the forced spans and the connectors' maximum (0 when they do not fit).
    /// </summary>
    public int DemonstrationBudget(string concisePrompt, LocationContext location)
    {
        var plan = Plan(concisePrompt, location);
        return Math.Max(0, _model.Config.ContextLength - plan.Tokens);
    }

    /// <summary>
    /// Completes <paramref name="concisePrompt"/>. The result always carries every fact <see cref="PromptTemplate"/>
    /// places; when even the request and facts do not fit the model's context, the connectors are left empty.
    /// </summary>
    public PromptCompletion Complete(string concisePrompt, LocationContext location, IReadOnlyList<StoredDemonstration> demonstrations, CancellationToken cancellationToken = default)
    {
        var (plan, prefix, used, budget) = Prefix(concisePrompt, location, demonstrations);
        var segments = new List<PromptSegment> { new(PromptSegmentKind.Request, PromptTemplate.OneLine(concisePrompt)) };
        var connectors = new string[plan.Facts.Count];
        var generated = 0;
        var read = 0;
        if (budget >= 1 && plan.Facts.Count > 0)
        {
            prefix.AddRange(used.Count == 0 ? plan.Request : plan.RequestAfterDemonstrations);
            var session = _model.CreateSession(_model.Config.ContextLength);
            if (_adapter is not null)
            {
                session.SetAdapter(_adapter);
            }

            var sampler = new Sampler(_model.Config.VocabularySize, new GenerationOptions { Temperature = _options.Temperature, Seed = _options.Seed, TopK = 0, TopP = 1, MinP = 0 });
            var masked = new float[_model.Config.VocabularySize];
            var history = new int[_model.Config.ContextLength];
            prefix.CopyTo(history);
            var length = prefix.Count;
            session.Prefill(prefix.ToArray());
            read = prefix.Count;
            for (var i = 0; i < plan.Facts.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var logits = session.Prefill(plan.Spans[i]);
                read += plan.Spans[i].Length;
                plan.Spans[i].CopyTo(history, length);
                length += plan.Spans[i].Length;
                var connector = new List<int>();
                while (connector.Count < _options.ConnectorMaxTokens)
                {
                    logits.CopyTo(masked);
                    var mayStop = connector.Count >= _options.ConnectorMinTokens;
                    for (var t = 0; t < masked.Length; t++)
                    {
                        if (_banned[t] || (!mayStop && (_stops[t] || t == _model.EosTokenId || t == _model.BosTokenId)) || (connector.Count == 0 && !_joins[t] && !_stops[t] && t != _model.EosTokenId))
                        {
                            masked[t] = float.NegativeInfinity;
                        }
                    }

                    var token = sampler.Sample(masked, history.AsSpan(0, length));
                    if (token == _model.EosTokenId || token == _model.BosTokenId || _stops[token])
                    {
                        break;
                    }

                    connector.Add(token);
                    history[length++] = token;
                    logits = session.Decode(token);
                }

                generated += connector.Count;
                connectors[i] = CleanConnector(_tokenizer.Decode(connector.ToArray(), plan.Spans[i][^1]));
            }
        }

        for (var i = 0; i < plan.Facts.Count; i++)
        {
            var fact = plan.Facts[i];
            segments.Add(new PromptSegment(PromptSegmentKind.Template, PromptTemplate.LeadIn(fact.Kind)!));
            segments.Add(new PromptSegment(PromptSegmentKind.Fact, fact.Text));
            if (!string.IsNullOrEmpty(connectors[i]))
            {
                segments.Add(new PromptSegment(PromptSegmentKind.Connector, connectors[i]));
            }

            segments.Add(new PromptSegment(PromptSegmentKind.Template, PromptTemplate.SentenceEnd));
        }

        var text = string.Concat(segments.Select(s => s.Text));
        return new PromptCompletion(text, segments, plan.Facts, used, read, generated);
    }

    /// <summary>
    /// The plan, then the prompt's tokens before the request (BOS when the vocabulary asks for it, then each
    /// demonstration that fits, in order), the demonstrations used and the tokens left for the rest.
    /// </summary>
    private (CompletionPlan Plan, List<int> Prefix, List<StoredDemonstration> Used, int Budget) Prefix(string concisePrompt, LocationContext location, IEnumerable<StoredDemonstration> demonstrations)
    {
        ArgumentNullException.ThrowIfNull(demonstrations);
        var plan = Plan(concisePrompt, location);
        var budget = _model.Config.ContextLength - plan.Tokens;
        var used = new List<StoredDemonstration>();
        var prefix = new List<int>();
        if (_tokenizer.AddBosByDefault && _tokenizer.BosTokenId >= 0)
        {
            prefix.Add(_tokenizer.BosTokenId);
        }

        foreach (var demonstration in demonstrations)
        {
            // The first demonstration starts the text; the others continue it, as in the prompt tokenized as one text.
            var tokens = used.Count == 0 ? _tokenizer.Encode(PromptTemplate.FormatDemonstration(demonstration), addBos: false) : Continuation(demonstration);
            if (tokens.Length <= budget - 1)
            {
                prefix.AddRange(tokens);
                budget -= tokens.Length;
                used.Add(demonstration);
            }
        }

        return (plan, prefix, used, budget);
    }

    /// <summary>The tokens of <paramref name="demonstration"/> as it follows other text (computed once per demonstration object).</summary>
    private int[] Continuation(StoredDemonstration demonstration)
    {
        ArgumentNullException.ThrowIfNull(demonstration);
        return _continuations.GetValue(demonstration, d => _tokenizer.EncodeContinuation(PromptTemplate.FormatDemonstration(d)));
    }

    /// <summary>
    /// The tokens of the request (starting the text, and continuing demonstrations) and of each fact's forced span, and
    /// their total with the connectors' maximum (the request counted at its longer form).
    /// </summary>
    private CompletionPlan Plan(string concisePrompt, LocationContext location)
    {
        ArgumentNullException.ThrowIfNull(concisePrompt);
        ArgumentNullException.ThrowIfNull(location);
        var facts = PromptTemplate.CarriedFacts(location);
        var requestText = PromptTemplate.FormatRequest(concisePrompt);
        var request = _tokenizer.Encode(requestText, addBos: false);
        var requestAfter = _tokenizer.EncodeContinuation(requestText);

        // Every span continues the text before it (the request, or the previous connector): tokenized on its own, a
        // SentencePiece span would start with a dummy '▁' that running text and the fine-tuning data never have there.
        var spans = new int[facts.Count][];
        for (var i = 0; i < facts.Count; i++)
        {
            var text = (i == 0 ? "" : PromptTemplate.SentenceEnd) + PromptTemplate.LeadIn(facts[i].Kind) + facts[i].Text;
            spans[i] = _tokenizer.EncodeContinuation(text);
        }

        var total = 1 + Math.Max(request.Length, requestAfter.Length) + spans.Sum(s => s.Length) + (facts.Count * _options.ConnectorMaxTokens);
        return new CompletionPlan(request, requestAfter, facts, spans, total);
    }

    /// <summary>The request's tokens at the start and after demonstrations, the facts, their forced spans' tokens and the planned total.</summary>
    private sealed record CompletionPlan(int[] Request, int[] RequestAfterDemonstrations, IReadOnlyList<LocationFact> Facts, int[][] Spans, int Tokens);

    /// <summary>A connector as it goes between a fact and its full stop: whitespace runs folded, no trailing space.</summary>
    private static string CleanConnector(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) is { Length: > 0 } folded
            ? (char.IsWhiteSpace(text[0]) ? " " : "") + folded
            : "";

    /// <summary>
    /// Which tokens connectors may not contain (digits, control tokens), which end a connector (sentence ends), and
    /// which may start one (a space or a comma first, so a connector never glues onto the fact's last word).
    /// </summary>
    private static (bool[] Banned, bool[] Stops, bool[] Joins) Classify(ITokenizer tokenizer, int vocabularySize)
    {
        var banned = new bool[vocabularySize];
        var stops = new bool[vocabularySize];
        var joins = new bool[vocabularySize];
        var bytes = new ArrayBufferWriter<byte>(64);

        // Decode as if mid-text (after an ordinary token): SentencePiece drops a piece's leading space only at the start.
        var previous = Enumerable.Range(0, tokenizer.VocabularySize).FirstOrDefault(i => tokenizer.GetTokenType(i) == TokenType.Normal && i != tokenizer.BosTokenId);
        for (var id = 0; id < Math.Min(vocabularySize, tokenizer.VocabularySize); id++)
        {
            bytes.Clear();
            tokenizer.AppendTokenBytes(id, previous, bytes);
            joins[id] = bytes.WrittenCount > 0 && bytes.WrittenSpan[0] is (byte)' ' or (byte)',';
            var type = tokenizer.GetTokenType(id);
            banned[id] = type is TokenType.Control or TokenType.Unknown or TokenType.Unused && id != tokenizer.EosTokenId;
            foreach (var b in bytes.WrittenSpan)
            {
                banned[id] |= b is >= (byte)'0' and <= (byte)'9';
                stops[id] |= StopCharacters.Contains((char)b, StringComparison.Ordinal);
            }
        }

        return (banned, stops, joins);
    }
}
