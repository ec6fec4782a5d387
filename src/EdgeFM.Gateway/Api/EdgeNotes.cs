using EdgeFM.Edge.Demonstrations;
using EdgeFM.Edge.Prompting;

namespace EdgeFM.Gateway.Api;

/// <summary>
/// What the edge did for one request before its answer, for the response's <c>edgefm</c> object: the NetGPT stage's
/// result, or the demonstrations put into a plain edge prompt. Written by the stage that does it, before the request's
/// first update; read after it. One per request.
/// </summary>
public sealed class EdgeNotes
{
    private volatile NetGptResult? _netGpt;
    private volatile IReadOnlyList<ScoredDemonstration>? _demonstrations;
    private volatile string? _edgeModel;

    /// <summary>The completion stage's result (NetGPT requests), or null.</summary>
    public NetGptResult? NetGpt
    {
        get => _netGpt;
        set => _netGpt = value;
    }

    /// <summary>The model (or LoRA adapter, <c>base:adapter</c>) that completed a NetGPT prompt, or null.</summary>
    public string? EdgeModel
    {
        get => _edgeModel;
        set => _edgeModel = value;
    }

    /// <summary>The demonstrations inserted into a plain edge prompt, or null when none were considered.</summary>
    public IReadOnlyList<ScoredDemonstration>? Demonstrations
    {
        get => _demonstrations;
        set => _demonstrations = value;
    }
}
