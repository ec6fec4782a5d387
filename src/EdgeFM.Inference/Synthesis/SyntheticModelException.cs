namespace EdgeFM.Inference.Synthesis;

/// <summary>The options of a synthetic model are inconsistent; the message names the option and how to fix it.</summary>
public sealed class SyntheticModelException : Exception
{
    public SyntheticModelException()
    {
    }

    public SyntheticModelException(string message)
        : base(message)
    {
    }

    public SyntheticModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
