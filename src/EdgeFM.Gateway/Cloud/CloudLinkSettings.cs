using EdgeFM.Gateway.Configuration;

namespace EdgeFM.Gateway.Cloud;

/// <summary>Time limits, retries and circuit breaking of the cloud link (see <see cref="ResilientChatClient"/>).</summary>
public sealed record CloudLinkSettings
{
    /// <summary>Limit of one attempt: connection, response headers and the first streamed chunk.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Limit from the call to the first chunk over all attempts, retry delays included.</summary>
    public TimeSpan FirstByteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest silence between two chunks once the first has arrived.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after a failed attempt (exponential backoff with jitter).</summary>
    public int Retries { get; init; } = 2;

    /// <summary>First retry delay; later delays double.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the circuit stays open after tripping.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The cloud link settings of a gateway.</summary>
    public static CloudLinkSettings From(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new CloudLinkSettings
        {
            AttemptTimeout = options.CloudTimeout,
            FirstByteTimeout = options.CloudFirstByteTimeout,
            IdleTimeout = options.CloudIdleTimeout,
            Retries = options.CloudRetries,
            RetryDelay = options.CloudRetryDelay,
            BreakDuration = options.CloudBreakDuration,
        };
    }
}
