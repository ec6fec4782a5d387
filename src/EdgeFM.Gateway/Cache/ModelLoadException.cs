namespace EdgeFM.Gateway.Cache;

/// <summary>A model failed to load; the message says which model and why.</summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
