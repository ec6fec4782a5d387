namespace EdgeFM.Core.Models;

/// <summary>The family of a pretrained foundation model.</summary>
public enum ModelKind
{
    /// <summary>A language foundation model (LFM), e.g. GPT or LLaMA.</summary>
    Language,

    /// <summary>A vision foundation model (VFM), e.g. a diffusion model.</summary>
    Vision,

    /// <summary>A multimodal foundation model (MFM).</summary>
    Multimodal,
}
