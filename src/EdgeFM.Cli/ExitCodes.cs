namespace EdgeFM.Cli;

/// <summary>Process exit codes of the <c>edgefm</c> command.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command failed for a reason other than its input (I/O, a failed run).</summary>
    public const int Failure = 1;

    /// <summary>The input was bad: unknown option, invalid value, malformed file.</summary>
    public const int BadInput = 2;
}
