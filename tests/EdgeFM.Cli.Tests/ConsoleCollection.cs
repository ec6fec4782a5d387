namespace EdgeFM.Cli.Tests;

/// <summary>Tests that redirect the global <see cref="Console"/> run one at a time, never beside other tests.</summary>
[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleCollection;
