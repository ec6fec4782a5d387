namespace EdgeFM.Gateway.Catalog;

/// <summary>File format of a model in the models directory.</summary>
public enum ModelFormat
{
    /// <summary>A GGUF file (weights, configuration and vocabulary in one file).</summary>
    Gguf,

    /// <summary>A llama2.c checkpoint, paired with a separate llama2.c tokenizer file.</summary>
    Llama2c,
}
