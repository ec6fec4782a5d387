namespace EdgeFM.Gateway.Cloud;

/// <summary>The cloud link could not produce a first token: down, too slow, failing, or its circuit is open.</summary>
public sealed class CloudUnavailableException : Exception
{
    public CloudUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
