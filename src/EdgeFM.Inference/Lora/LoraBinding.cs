using EdgeFM.Inference.Training;

namespace EdgeFM.Inference.Lora;

/// <summary>An adapter's factors arranged by block and slot for one base model shape (checked to fit it).</summary>
internal sealed class LoraBinding
{
    public const int SlotsPerLayer = 7;

    public LoraBinding(LoraFactors?[] blockFactors, LoraFactors? output)
    {
        BlockFactors = blockFactors;
        Output = output;
    }

    /// <summary>Factors of block l's slot s at <c>l * SlotsPerLayer + s</c>, or null when that matrix is not adapted.</summary>
    public LoraFactors?[] BlockFactors { get; }

    /// <summary>Factors of <c>output.weight</c>, or null.</summary>
    public LoraFactors? Output { get; }

    public LoraFactors? Get(int layer, LoraTarget slot) => BlockFactors[(layer * SlotsPerLayer) + (int)slot];
}
