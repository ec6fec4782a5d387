namespace EdgeFM.Gateway.Cloud;

/// <summary>
/// The cloud answered, but not with a usable completion: the gateway reports it to the client with
/// <see cref="StatusCode"/> and <see cref="Code"/> and never as a complete answer.
/// </summary>
public abstract class CloudLinkException : Exception
{
    protected CloudLinkException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>HTTP status the gateway answers with when the response has not started yet.</summary>
    public abstract int StatusCode { get; }

    /// <summary>OpenAI error type of the gateway's answer.</summary>
    public virtual string Type => "server_error";

    /// <summary>Machine-readable error code of the gateway's answer.</summary>
    public abstract string? Code { get; }

    /// <summary>The request field at fault, or null.</summary>
    public virtual string? Param => null;
}
