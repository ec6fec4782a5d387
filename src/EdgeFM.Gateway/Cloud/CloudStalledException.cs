namespace EdgeFM.Gateway.Cloud;

/// <summary>
/// The cloud sent its first chunk and then nothing for longer than the idle timeout between chunks
/// (<c>--cloud-idle-timeout</c>); the stream was cancelled. Answered as 504 <c>cloud_stalled</c>, or as an SSE error
/// event without <c>data: [DONE]</c> once streaming has begun.
/// </summary>
public sealed class CloudStalledException : CloudLinkException
{
    public CloudStalledException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override int StatusCode => 504;

    /// <inheritdoc />
    public override string Code => "cloud_stalled";
}
