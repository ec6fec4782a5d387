namespace EdgeFM.Core.Models;

/// <summary>
/// Identifies a pretrained foundation model. Wraps the model's string id (a catalog name in the simulator,
/// a file name in the gateway); comparison is ordinal and case-sensitive.
/// </summary>
/// <param name="Value">The model's id; never null or empty.</param>
public readonly record struct ModelId(string Value)
{
    /// <inheritdoc />
    public override string ToString() => Value;
}
