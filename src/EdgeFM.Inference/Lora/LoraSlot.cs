namespace EdgeFM.Inference.Lora;

/// <summary>The adaptable matrices of one block, in <see cref="LoraTargets.BlockTargets"/> order.</summary>
internal enum LoraSlot
{
    Query,
    Key,
    Value,
    AttentionOutput,
    Gate,
    Up,
    Down,
}
