namespace EdgeFM.Gateway.Configuration;

/// <summary>
/// A setting that stops start-up. <see cref="Exception.Message"/> is one line naming the setting, the bad value and
/// what is expected, ready to print to an operator.
/// </summary>
public sealed class GatewayConfigurationException : Exception
{
    public GatewayConfigurationException(string message)
        : base(message)
    {
    }
}
