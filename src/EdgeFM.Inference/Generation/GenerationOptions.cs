using EdgeFM.Inference.Lora;

namespace EdgeFM.Inference.Generation;

/// <summary>
/// How <see cref="TextGenerator"/> picks tokens. Sampling applies, in order: repetition penalty, temperature, top-k,
/// top-p (nucleus), min-p, then a draw from the renormalized distribution. <see cref="Temperature"/> 0 is greedy
/// (arg-max after the repetition penalty) and ignores the other sampling settings.
/// </summary>
public sealed record GenerationOptions
{
    /// <summary>Most tokens to generate (the end-of-sequence token included). Default 256.</summary>
    public int MaxTokens { get; init; } = 256;

    /// <summary>Softmax temperature; 0 means greedy. Default 0.8.</summary>
    public float Temperature { get; init; } = 0.8f;

    /// <summary>Keep only the K most likely tokens; 0 disables. Default 40.</summary>
    public int TopK { get; init; } = 40;

    /// <summary>Keep the smallest set of most likely tokens whose probabilities sum to at least P; 1 disables. Default 0.95.</summary>
    public float TopP { get; init; } = 0.95f;

    /// <summary>Drop tokens less likely than MinP × the most likely token's probability; 0 disables. Default 0.05.</summary>
    public float MinP { get; init; } = 0.05f;

    /// <summary>
    /// Divides positive logits and multiplies negative logits of tokens seen in the last <see cref="RepetitionWindow"/>
    /// tokens (prompt included) by this factor; 1 disables. Default 1.
    /// </summary>
    public float RepetitionPenalty { get; init; } = 1f;

    /// <summary>Number of most recent tokens the repetition penalty looks at. Default 64.</summary>
    public int RepetitionWindow { get; init; } = 64;

    /// <summary>Seed of the sampler's random numbers: the same seed, prompt and options give the same tokens. Null draws a seed.</summary>
    public int? Seed { get; init; }

    /// <summary>Texts that end the generation when they appear in the output; the output stops right before them.</summary>
    public IReadOnlyList<string> StopSequences { get; init; } = [];

    /// <summary>Token ids that end the generation like the end-of-sequence token (e.g. a chat template's end-of-turn token).</summary>
    public IReadOnlyList<int> StopTokenIds { get; init; } = [];

    /// <summary>Whether a text prompt starts with the BOS token (ignored for token prompts). Default true.</summary>
    public bool AddBos { get; init; } = true;

    /// <summary>
    /// LoRA adapter applied unmerged to this generation's session (<see cref="InferenceSession.SetAdapter"/>), or null
    /// for the base model. It must fit the generator's model (<see cref="LoraAdapter.CheckFits"/>).
    /// </summary>
    public LoraAdapter? Adapter { get; init; }

    /// <summary>User scale of <see cref="Adapter"/>: each adapted product is multiplied by AdapterScale · alpha / rank. Default 1.</summary>
    public float AdapterScale { get; init; } = 1f;

    /// <summary>Greedy decoding of up to <paramref name="maxTokens"/> tokens.</summary>
    public static GenerationOptions Greedy(int maxTokens = 256) => new() { Temperature = 0, MaxTokens = maxTokens };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Check(MaxTokens >= 1, nameof(MaxTokens), MaxTokens, "must be at least 1");
        Check(float.IsFinite(Temperature) && Temperature >= 0, nameof(Temperature), Temperature, "must be 0 (greedy) or positive");
        Check(TopK >= 0, nameof(TopK), TopK, "must be 0 (off) or positive");
        Check(TopP is > 0 and <= 1, nameof(TopP), TopP, "must be in (0, 1]");
        Check(MinP is >= 0 and <= 1, nameof(MinP), MinP, "must be in [0, 1]");
        Check(float.IsFinite(RepetitionPenalty) && RepetitionPenalty > 0, nameof(RepetitionPenalty), RepetitionPenalty, "must be positive (1 is off)");
        Check(RepetitionWindow >= 0, nameof(RepetitionWindow), RepetitionWindow, "must be 0 or positive");
        Check(float.IsFinite(AdapterScale), nameof(AdapterScale), AdapterScale, "must be a finite number");
        Check(StopSequences.All(s => !string.IsNullOrEmpty(s)), nameof(StopSequences), "", "must not contain empty strings");

        static void Check(bool ok, string name, object value, string rule)
        {
            if (!ok)
            {
                throw new ArgumentException($"{name} is {value}; it {rule}.", name);
            }
        }
    }
}
