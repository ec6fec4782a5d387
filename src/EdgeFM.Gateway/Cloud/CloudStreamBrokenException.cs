namespace EdgeFM.Gateway.Cloud;

/// <summary>
/// The cloud's stream ended before the cloud said the answer was complete (no finish reason): the connection closed
/// mid-event, the SSE body was cut, or the transport failed after the first chunk. Answered as 502
/// <c>cloud_stream_broken</c>, or as an SSE error event without <c>data: [DONE]</c> once streaming has begun.
/// </summary>
public sealed class CloudStreamBrokenException : CloudLinkException
{
    public CloudStreamBrokenException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override int StatusCode => 502;

    /// <inheritdoc />
    public override string Code => "cloud_stream_broken";
}
