using EdgeFM.Core.Models;
using EdgeFM.Gateway.Placing;

namespace EdgeFM.Gateway.Planning;

/// <summary>Where one stage of a serving plan runs.</summary>
/// <param name="Kind">This edge (one of its models) or the cloud.</param>
/// <param name="Model">The model id: an edge model of this gateway, or the model asked of the cloud.</param>
/// <param name="Load">True when the edge model is not loaded and the stage loads it (after <paramref name="Evictions"/>).</param>
/// <param name="Evictions">The loaded models the stage evicts to make room, as the cache policy chose them (edge only).</param>
public sealed record Destination(Placement Kind, string Model, bool Load, IReadOnlyList<ModelId> Evictions)
{
    /// <summary>A loaded (or loading) edge model.</summary>
    public static Destination Edge(string model) => new(Placement.Edge, model, Load: false, []);

    /// <summary>An edge model to load, evicting <paramref name="evictions"/> first.</summary>
    public static Destination EdgeLoad(string model, IReadOnlyList<ModelId> evictions) => new(Placement.Edge, model, Load: true, evictions);

    /// <summary>The cloud, asked for <paramref name="model"/>.</summary>
    public static Destination Cloud(string model) => new(Placement.Cloud, model, Load: false, []);

    /// <summary>With <see cref="Placement.Peer"/>: the peer edge's node name.</summary>
    public string? Node { get; init; }

    /// <summary>With <see cref="Placement.Peer"/>: the peer edge's API base URL.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>A model loaded at the peer edge <paramref name="node"/>, reached at <paramref name="endpoint"/>.</summary>
    public static Destination Peer(string node, Uri endpoint, string model) => new(Placement.Peer, model, Load: false, []) { Node = node, Endpoint = endpoint };

    /// <summary>The wire name of <see cref="Kind"/>: <c>edge</c>, <c>peer:NODE</c> or <c>cloud</c>.</summary>
    public string KindName => Kind switch
    {
        Placement.Edge => "edge",
        Placement.Peer => "peer:" + Node,
        _ => "cloud",
    };

    /// <summary>
    /// On the edge: the LoRA adapter applied over <see cref="Model"/> (the base model, which <see cref="Load"/> and
    /// <see cref="Evictions"/> are about), or null for the base model alone.
    /// </summary>
    public AdapterStep? Adapter { get; init; }

    /// <summary>The cache entry an edge destination leases: the adapter's id (<c>base:adapter</c>) when it applies one, else <see cref="Model"/>.</summary>
    public string EntryId => Adapter?.Id ?? Model;

    /// <summary>One line, e.g. <c>edge:m1 (load, evict m0)</c>, <c>edge:m1 +m1:pirate (load)</c> or <c>cloud:gpt-4o</c>.</summary>
    public override string ToString() =>
        $"{KindName}:{Model}" + (Load ? $" (load{(Evictions.Count > 0 ? ", evict " + string.Join(',', Evictions.Select(e => e.Value)) : string.Empty)})" : string.Empty)
        + (Adapter is null ? string.Empty : $" {Adapter}");
}
