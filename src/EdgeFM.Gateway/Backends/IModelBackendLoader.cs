using EdgeFM.Gateway.Catalog;

namespace EdgeFM.Gateway.Backends;

/// <summary>
/// Loads a model file into a servable <see cref="ModelBackend"/>. The gateway's only dependency on a runtime; tests
/// substitute a deterministic loader.
/// </summary>
public interface IModelBackendLoader
{
    /// <summary>
    /// Bytes the model will occupy once loaded with the gateway's context length, estimated without loading it.
    /// The cache reserves this much before the load starts.
    /// </summary>
    long EstimateBytes(ModelEntry model);

    /// <summary>Loads the model; the returned backend owns its memory until disposed.</summary>
    Task<ModelBackend> LoadAsync(ModelEntry model, CancellationToken cancellationToken);
}
