namespace EdgeFM.Gateway.Cloud;

/// <summary>
/// The cloud answered 200 but its body is not an OpenAI chat completion stream (not JSON, an HTML page, no chunk at
/// all). Answered as 502 <c>cloud_bad_response</c>; counts as a failure for the circuit breaker; not retried.
/// </summary>
public sealed class CloudBadResponseException : CloudLinkException
{
    public CloudBadResponseException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override int StatusCode => 502;

    /// <inheritdoc />
    public override string Code => "cloud_bad_response";
}
