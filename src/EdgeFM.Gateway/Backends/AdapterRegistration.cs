using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Catalog;
using EdgeFM.Inference;

namespace EdgeFM.Gateway.Backends;

/// <summary>Registers the models directory's LoRA adapters as child entries of their base models in the live cache.</summary>
public static class AdapterRegistration
{
    /// <summary>
    /// Registers every adapter of <paramref name="catalog"/> when <paramref name="loader"/> can load adapters: its bytes
    /// are <see cref="IAdapterLoader.MeasureAdapter"/>'s (the float32 factors). An adapter that does not fit its base
    /// model, or whose base failed to open, is registered as failed with a reason naming both files: it is listed in
    /// <c>/v1/models</c> and its requests are refused with that reason; the other models and adapters are served.
    /// </summary>
    public static void Register(LiveModelCache cache, ModelDirectory catalog, IModelBackendLoader loader)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(catalog);
        if (loader is not IAdapterLoader adapters)
        {
            return;
        }

        foreach (var adapter in catalog.Adapters)
        {
            catalog.TryGet(adapter.BaseId, out var baseModel);
            string? failure = null;
            var bytes = Math.Max(1, adapter.FileBytes);
            if (cache.FailureOf(adapter.BaseId) is { } baseFailure)
            {
                failure = $"{adapter.Path}: its base model {baseModel.Path} cannot be loaded: {baseFailure}";
            }
            else
            {
                try
                {
                    bytes = Math.Max(1, adapters.MeasureAdapter(adapter, baseModel));
                }
                catch (Exception ex) when (ex is ModelFileException or IOException or UnauthorizedAccessException or InvalidDataException)
                {
                    failure = ex.Message;
                }
            }

            var entry = adapter;
            cache.RegisterChild(adapter.ToModelEntry(failure), adapter.BaseId, bytes, (parent, token) => adapters.LoadAdapterAsync(entry, parent, token));
        }
    }
}
