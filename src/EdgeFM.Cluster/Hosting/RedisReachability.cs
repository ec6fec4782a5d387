using StackExchange.Redis;

namespace EdgeFM.Cluster.Hosting;

/// <summary>
/// Checks, before the silo starts, that the Redis server holding the membership table answers. Without the check a
/// node pointed at a wrong or stopped Redis fails deep in Orleans' silo lifecycle, logging stack traces and ending the
/// process with an unhandled exception.
/// </summary>
internal static class RedisReachability
{
    /// <summary>How long a node waits for Redis to accept a connection and answer a PING before it gives up.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Connects to <paramref name="configuration"/> (a StackExchange.Redis configuration, e.g. <c>10.0.0.5:6379</c> or
    /// <c>10.0.0.5:6379,password=SECRET</c>)
    /// and sends a PING; throws <see cref="EdgeClusterUnreachableException"/> when it gets no answer within
    /// <see cref="Timeout"/>.
    /// </summary>
    public static void Ensure(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = true;
        options.ConnectRetry = 0;
        options.ConnectTimeout = (int)Timeout.TotalMilliseconds;
        options.SyncTimeout = (int)Timeout.TotalMilliseconds;
        try
        {
            using var connection = ConnectionMultiplexer.Connect(options);
            connection.GetDatabase().Ping();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The failure type says which (UnableToConnect, AuthenticationFailure, ...); the password is never shown.
            var why = ex is RedisConnectionException connection ? connection.FailureType.ToString() : "no answer";
            var endpoint = configuration.Split(',', 2)[0];
            throw new EdgeClusterUnreachableException(
                $"cannot use Redis at {endpoint} ({why}; waited at most {Timeout.TotalSeconds:0} s): start redis-server there, or check the host, port, firewall and password (redis://HOST:PORT,password=SECRET)",
                ex);
        }
    }
}
