namespace EdgeFM.Gateway.Tracing;

/// <summary>Receives every request the planner plans, in arrival order, for a replayable trace.</summary>
public interface ITraceSink
{
    /// <summary>Records one request.</summary>
    /// <param name="time">Arrival, in seconds since the gateway started.</param>
    /// <param name="user">The request's <c>user</c> field, or null.</param>
    /// <param name="model">The model id.</param>
    /// <param name="inputTokens">Estimated prompt tokens.</param>
    /// <param name="outputTokens">Tokens it may generate.</param>
    /// <param name="topic">Its topic in [0, 1).</param>
    void Record(double time, string? user, string model, int inputTokens, int outputTokens, double topic);
}
