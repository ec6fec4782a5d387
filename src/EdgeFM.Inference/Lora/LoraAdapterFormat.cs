namespace EdgeFM.Inference.Lora;

/// <summary>
/// Keys, values and suffixes of llama.cpp's GGUF LoRA adapter format (as written by llama.cpp's
/// <c>convert_lora_to_gguf.py</c> and read by its <c>src/llama-adapter.cpp</c>; see docs/lora.md).
/// </summary>
public static class LoraAdapterFormat
{
    /// <summary>Metadata key of the base architecture; must equal the base model's.</summary>
    public const string ArchitectureKey = "general.architecture";

    /// <summary>Metadata key whose value is <see cref="AdapterType"/> in an adapter file.</summary>
    public const string GeneralTypeKey = "general.type";

    /// <summary>Value of <see cref="GeneralTypeKey"/>.</summary>
    public const string AdapterType = "adapter";

    /// <summary>Metadata key whose value is <see cref="LoraType"/>.</summary>
    public const string AdapterTypeKey = "adapter.type";

    /// <summary>Value of <see cref="AdapterTypeKey"/>.</summary>
    public const string LoraType = "lora";

    /// <summary>Metadata key of alpha (float32); absent reads as 0 (scale = user scale).</summary>
    public const string AlphaKey = "adapter.lora.alpha";

    /// <summary>The architecture EdgeFM runs.</summary>
    public const string LlamaArchitecture = "llama";

    /// <summary>Suffix of the A factor's tensor name (ggml ne = [n_in, rank]).</summary>
    public const string SuffixA = ".lora_a";

    /// <summary>Suffix of the B factor's tensor name (ggml ne = [rank, n_out]).</summary>
    public const string SuffixB = ".lora_b";
}
