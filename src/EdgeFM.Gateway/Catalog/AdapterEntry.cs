namespace EdgeFM.Gateway.Catalog;

/// <summary>One LoRA adapter found in the models directory, served as a child of its base model.</summary>
/// <param name="Id">The id clients name: <c>&lt;base id&gt;:&lt;adapter name&gt;</c> (see <see cref="ModelDirectory"/>).</param>
/// <param name="Name">The adapter's name: the part after the colon, also what <c>"edgefm": {"adapter": ..}</c> names.</param>
/// <param name="BaseId">The id of the base model it applies to.</param>
/// <param name="Path">Absolute path of the adapter's GGUF file.</param>
/// <param name="FileBytes">Size of the file in bytes.</param>
/// <param name="BaseSource">Which rule named the base: <c>manifest</c>, <c>metadata</c> or <c>file name</c>.</param>
public sealed record AdapterEntry(string Id, string Name, string BaseId, string Path, long FileBytes, string BaseSource)
{
    /// <summary>Separates the base id from the adapter name in <see cref="Id"/>.</summary>
    public const char Separator = ':';

    /// <summary>The cache entry standing for the adapter (a GGUF file under <see cref="Id"/>), with <paramref name="failure"/> when it cannot be served.</summary>
    public ModelEntry ToModelEntry(string? failure = null) => new(Id, Path, ModelFormat.Gguf, null, FileBytes, failure);
}
