using EdgeFM.Core.Models;

namespace EdgeFM.Core.Caching;

/// <summary>A request as a policy sees it.</summary>
/// <param name="Model">The catalog spec of the requested model (its bytes as the server would reserve them).</param>
/// <param name="Time">Arrival time, in seconds since the start.</param>
/// <param name="Topic">The request's topic in [0, 1).</param>
public readonly record struct CacheRequest(ModelSpec Model, double Time, double Topic)
{
    /// <summary>The requested model's id.</summary>
    public ModelId ModelId => Model.Id;
}
