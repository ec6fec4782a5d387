namespace EdgeFM.Inference.Tests.Diagnostics;

/// <summary>
/// Tests that read process-wide figures (resident memory): they run alone, after the parallel tests, because another
/// test freeing or allocating memory at the same time moves the figures they assert on.
/// </summary>
[CollectionDefinition(nameof(ProcessWideCollection), DisableParallelization = true)]
public sealed class ProcessWideCollection;
