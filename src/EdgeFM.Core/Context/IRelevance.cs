namespace EdgeFM.Core.Context;

/// <summary>How much an example helps a request on a given topic: a weight in [0, 1].</summary>
public interface IRelevance
{
    /// <summary>Weight in [0, 1] of <paramref name="example"/> for a request on <paramref name="requestTopic"/>.</summary>
    double Weight(in Demonstration example, double requestTopic);
}
