using EdgeFM.Core.Models;

namespace EdgeFM.Core.Caching;

/// <summary>A request as a policy sees it.</summary>
/// <param name="Model">The catalog spec of the requested model.</param>
/// <param name="Time">Arrival time, in seconds since the start.</param>
/// <param name="Topic">The request's topic in [0, 1).</param>
/// <param name="Size">The request's length in tokens (input + output).</param>
public readonly record struct CacheRequest(ModelSpec Model, double Time, double Topic, double Size)
{
    /// <summary>The requested model's id.</summary>
    public ModelId ModelId => Model.Id;
}
