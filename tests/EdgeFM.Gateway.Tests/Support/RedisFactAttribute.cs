namespace EdgeFM.Gateway.Tests.Support;

/// <summary>A fact that needs Debian's <c>redis-server</c> on PATH: skipped, saying how to install it, when it is missing.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (RedisServer.Executable is null)
        {
            Skip = RedisServer.Missing;
        }
    }
}
