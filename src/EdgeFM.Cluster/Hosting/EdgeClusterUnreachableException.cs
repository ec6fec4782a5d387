namespace EdgeFM.Cluster.Hosting;

/// <summary>
/// The cluster's membership store (Redis, with <c>redis://HOST:PORT</c>) cannot be reached when a node starts. The
/// message is one line for the operator: what was tried, where, and how to fix it.
/// </summary>
public sealed class EdgeClusterUnreachableException : Exception
{
    public EdgeClusterUnreachableException()
    {
    }

    public EdgeClusterUnreachableException(string message)
        : base(message)
    {
    }

    public EdgeClusterUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
