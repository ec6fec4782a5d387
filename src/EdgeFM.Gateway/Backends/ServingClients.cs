using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Backends;

/// <summary>
/// The clients a loaded entry serves through: its backend wrapped once, when it loads, in the gateway's serving
/// pipeline (metrics, context recording). Per-request facts reach the pipeline in
/// <see cref="ChatOptions.AdditionalProperties"/>, so nothing is composed per request.
/// </summary>
/// <param name="Chat">Chat generations (the model's chat template).</param>
/// <param name="Completion">Legacy text completions (the prompt as given).</param>
public readonly record struct ServingClients(IChatClient Chat, IChatClient Completion)
{
    /// <summary>The runtime's model behind the clients (for the NetGPT completion stage), or null.</summary>
    public EdgeFM.Inference.Models.LlamaModel? Model { get; init; }

    /// <summary>The LoRA adapter the clients apply over <see cref="Model"/>, or null.</summary>
    public EdgeFM.Inference.Lora.LoraAdapter? Adapter { get; init; }
}
