using EdgeFM.Gateway.Catalog;
using EdgeFM.Inference.Chat;
using EdgeFM.Inference.Lora;
using EdgeFM.Inference.Models;

namespace EdgeFM.Gateway.Backends;

public sealed partial class LlamaModelLoader
{
    /// <summary>
    /// Reads the adapter and checks it against the base model opened without repacking (memory-mapped, cheap); the
    /// size is the adapter's float32 factors (<see cref="LoraAdapter.FloatBytes"/>): an adapter adds no KV cache.
    /// </summary>
    public long MeasureAdapter(AdapterEntry adapter, ModelEntry baseModel)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(baseModel);
        using var model = Open(baseModel, repack: false);
        return LoraAdapter.Load(adapter.Path, model).FloatBytes;
    }

    public Task<ModelBackend> LoadAdapterAsync(AdapterEntry adapter, ModelBackend parent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(parent);
        var model = parent.Client.GetService(typeof(LlamaModel)) as LlamaModel
            ?? throw new InvalidOperationException($"The backend of '{adapter.BaseId}' does not run an EdgeFM model; adapter '{adapter.Id}' needs one.");
        return Task.Run(
            () =>
            {
                // Checked again at each load: the file may have been replaced since the gateway started.
                var lora = LoraAdapter.Load(adapter.Path, model);
                return new ModelBackend(
                    new LlamaChatClient(model, adapter.Id, template: null, time) { Adapter = lora },
                    lora.FloatBytes,
                    owner: null,
                    new LlamaChatClient(model, adapter.Id, new RawPromptTemplate(), time) { Adapter = lora },
                    model)
                {
                    // The base model's runtime (not owned: the base entry disposes it) and the adapter over it, for
                    // the NetGPT completion stage and for counting demonstration tokens in the (shared) tokenizer.
                    Adapter = lora,
                };
            },
            cancellationToken);
    }
}
