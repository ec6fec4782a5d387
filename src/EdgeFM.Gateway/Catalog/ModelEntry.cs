namespace EdgeFM.Gateway.Catalog;

/// <summary>One servable model found in the models directory.</summary>
/// <param name="Id">The model id clients name: the file name without extension (see <see cref="ModelDirectory"/>).</param>
/// <param name="Path">Absolute path of the model file.</param>
/// <param name="Format">File format.</param>
/// <param name="TokenizerPath">Absolute path of the paired llama2.c tokenizer, or null for GGUF.</param>
/// <param name="FileBytes">Size of the model file in bytes (0 when it cannot be read).</param>
/// <param name="Failure">Why the file cannot be served (unreadable, no tokenizer for a checkpoint), or null. A model
/// with a failure is listed as failed and its requests get that reason; the rest of the directory is served.</param>
public sealed record ModelEntry(string Id, string Path, ModelFormat Format, string? TokenizerPath, long FileBytes, string? Failure = null);
