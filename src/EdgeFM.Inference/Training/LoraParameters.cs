using EdgeFM.Core.Randomness;
using EdgeFM.Inference.Models;

namespace EdgeFM.Inference.Training;

/// <summary>
/// The trainable weights of a LoRA adapter for every layer and chosen <see cref="LoraTarget"/>: per matrix
/// A (<see cref="Rank"/> × inputs, row-major) and B (outputs × <see cref="Rank"/>, row-major), so that the adapted
/// projection is <c>y = x·Wᵀ + Scale · (x·Aᵀ)·Bᵀ</c> with <c>Scale = Alpha / Rank</c> (llama.cpp's convention; in
/// ggml order A is ne = [inputs, rank] and B is ne = [rank, outputs]).
/// </summary>
/// <remarks>
/// All weights live in one pinned float32 array, <see cref="Parameters"/>, layer by layer and target by target, A
/// before B; the optimizer, gradient clipping and checkpoints work on that array whole.
/// </remarks>
public sealed partial class LoraParameters
{
    private readonly Dictionary<(int Layer, LoraTarget Target), LoraMatrixSlot> _slots = [];

    /// <summary>Creates an all-zero adapter for a model of <paramref name="config"/>.</summary>
    public LoraParameters(LlamaConfig config, int rank, float alpha, IReadOnlyList<LoraTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        if (!float.IsFinite(alpha) || alpha <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "LoRA alpha must be a positive finite number.");
        }

        if (targets.Count == 0 || targets.Distinct().Count() != targets.Count)
        {
            throw new ArgumentException("LoRA targets must be a non-empty list without duplicates.", nameof(targets));
        }

        Config = config;
        Rank = rank;
        Alpha = alpha;
        Targets = TrainingTargets.All.Where(targets.Contains).ToArray();
        long offset = 0;
        for (var layer = 0; layer < config.Layers; layer++)
        {
            foreach (var target in Targets)
            {
                var (inputs, outputs) = TrainingTargets.Shape(config, target);
                var slot = new LoraMatrixSlot(layer, target, inputs, outputs, offset, offset + ((long)rank * inputs));
                _slots.Add((layer, target), slot);
                offset = slot.BOffset + ((long)outputs * rank);
            }
        }

        Parameters = GC.AllocateArray<float>(checked((int)offset), pinned: true);
        Slots = [.. _slots.Values.OrderBy(s => s.AOffset)];
    }

    /// <summary>Hyper-parameters of the base model the adapter is for.</summary>
    public LlamaConfig Config { get; }

    /// <summary>Inner dimension r of every A·B pair.</summary>
    public int Rank { get; }

    /// <summary>LoRA α; the update is scaled by <see cref="Scale"/> = α / r.</summary>
    public float Alpha { get; }

    /// <summary>α / r.</summary>
    public float Scale => Alpha / Rank;

    /// <summary>The adapted matrices of each layer, in <see cref="TrainingTargets.All"/> order.</summary>
    public IReadOnlyList<LoraTarget> Targets { get; }

    /// <summary>Every A and B weight, pinned (see the remarks for the layout).</summary>
    public float[] Parameters { get; }

    /// <summary>Where each matrix pair lives in <see cref="Parameters"/>, in storage order.</summary>
    public IReadOnlyList<LoraMatrixSlot> Slots { get; }

    /// <summary>True when the adapter adapts <paramref name="target"/> (in every layer).</summary>
    public bool Adapts(LoraTarget target) => Targets.Contains(target);

    /// <summary>The slot of <paramref name="target"/> in <paramref name="layer"/>.</summary>
    /// <exception cref="KeyNotFoundException">The adapter does not adapt that matrix.</exception>
    public LoraMatrixSlot Slot(int layer, LoraTarget target) =>
        _slots.TryGetValue((layer, target), out var slot) ? slot : throw new KeyNotFoundException($"The adapter has no {TrainingTargets.TensorName(layer, target)} matrices.");

    /// <summary>A of a matrix: <see cref="Rank"/> rows of its input width.</summary>
    public Span<float> A(LoraMatrixSlot slot) => Parameters.AsSpan((int)slot.AOffset, Rank * slot.Inputs);

    /// <summary>B of a matrix: its output width of rows of <see cref="Rank"/>.</summary>
    public Span<float> B(LoraMatrixSlot slot) => Parameters.AsSpan((int)slot.BOffset, slot.Outputs * Rank);

    /// <summary>
    /// The standard LoRA start: every A uniform in ±1/√inputs (Kaiming-uniform with a = √5, as PEFT), every B zero,
    /// so the adapted model starts equal to the base model. Draws from <paramref name="random"/>.
    /// </summary>
    public void Initialize(Xoshiro256 random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Array.Clear(Parameters);
        foreach (var slot in Slots)
        {
            var bound = 1.0 / Math.Sqrt(slot.Inputs);
            var a = A(slot);
            for (var i = 0; i < a.Length; i++)
            {
                a[i] = (float)(((2 * random.NextDouble()) - 1) * bound);
            }
        }
    }
}
