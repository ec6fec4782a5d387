using EdgeFM.Gateway.Catalog;

namespace EdgeFM.Gateway.Backends;

/// <summary>
/// Loads LoRA adapters over loaded base models. A model loader that implements it serves the adapters of the models
/// directory (see <see cref="ModelDirectory.Adapters"/>); one that does not serves models only.
/// </summary>
public interface IAdapterLoader
{
    /// <summary>
    /// Bytes the adapter occupies once loaded, after checking that it fits <paramref name="baseModel"/> (architecture,
    /// every adapted tensor's shape, the vocabulary for <c>output.weight</c>). Throws an exception whose message names
    /// both files when it does not fit or cannot be read.
    /// </summary>
    long MeasureAdapter(AdapterEntry adapter, ModelEntry baseModel);

    /// <summary>
    /// Loads the adapter over <paramref name="parent"/>, the loaded base model's backend: a backend whose clients apply
    /// the adapter unmerged to each generation over the base model's weights, owning only the adapter's memory.
    /// </summary>
    Task<ModelBackend> LoadAdapterAsync(AdapterEntry adapter, ModelBackend parent, CancellationToken cancellationToken);
}
