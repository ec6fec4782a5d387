using EdgeFM.Core.Models;

namespace EdgeFM.Core.Caching;

/// <summary>
/// Optional extension of <see cref="ICacheView"/>: the Age-of-Context value of a model's recent requests at this
/// server, cached or not, as if each had left a demonstration (freshness × relevance, in effective examples). It is
/// the context a model would hold had it been cached; <see cref="Policies.LeastContextPolicy"/> uses it as the
/// worth of a model it might load.
/// </summary>
public interface IDemandView
{
    /// <summary>The value, in effective examples, of the recent requests for <paramref name="id"/> before the current one.</summary>
    double DemandValue(ModelId id, double time, double topic);
}
