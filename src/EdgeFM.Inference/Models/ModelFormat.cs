namespace EdgeFM.Inference.Models;

/// <summary>The file format a model was loaded from.</summary>
public enum ModelFormat
{
    /// <summary>GGUF v2/v3 (llama.cpp).</summary>
    Gguf,

    /// <summary>llama2.c legacy checkpoint (<c>.bin</c>, header of 7 int32, float32 weights).</summary>
    Llama2c,
}
