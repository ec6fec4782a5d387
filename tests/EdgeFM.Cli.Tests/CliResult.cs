namespace EdgeFM.Cli.Tests;

/// <summary>What one in-process run of <c>edgefm</c> returned and printed.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error);
