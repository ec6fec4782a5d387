using System.CommandLine;
using System.Globalization;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm bench kernels</c>: mat-vec GB/s and mat-mat GFLOP/s per weight type on the stories110M layer shapes.</summary>
internal static class BenchKernelsCommand
{
    internal const string Name = "kernels";

    internal const string Description = "Measure mat-vec (GB/s of weights) and mat-mat (GFLOP/s) throughput per weight type.";

    private static readonly GgmlType[] AllTypes = [GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K];

    internal static Command Create()
    {
        var threads = new Option<int>("--threads", "-t") { Description = "Threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var batch = new Option<int>("--batch") { Description = "Activation rows of the mat-mat (prefill) measurement.", DefaultValueFactory = _ => 64 };
        var runs = new Option<int>("--runs") { Description = "Timed rounds per measurement; the median is reported.", DefaultValueFactory = _ => 5 };
        var types = new Option<string[]>("--type") { Description = "Weight types to measure (default: all).", AllowMultipleArgumentsPerToken = false };
        var command = new Command(Name, Description);
        command.Options.Add(threads);
        command.Options.Add(batch);
        command.Options.Add(runs);
        command.Options.Add(types);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var threadCount = parseResult.GetValue(threads);
            var n = parseResult.GetValue(batch);
            var runCount = parseResult.GetValue(runs);
            if (threadCount < 1 || n < 2 || runCount < 1)
            {
                throw new CliException("--threads and --runs must be at least 1 and --batch at least 2.");
            }

            var selected = parseResult.GetValue(types) is { Length: > 0 } names ? names.Select(Parse).ToArray() : AllTypes;
            using var pool = new ComputePool(threadCount);
            await Console.Out.WriteLineAsync("type   shape        mat-vec GB/s   mat-vec µs   mat-mat GFLOP/s (n)   n×mat-vec GFLOP/s").ConfigureAwait(false);
            // Q4_0 is measured in the file's layout and, where models use it, repacked (Q4_0x8).
            var variants = selected.SelectMany(type => type == GgmlType.Q4_0 && MatMul.CanRepack
                ? new[] { (type, WeightLayout.RowMajor), (type, WeightLayout.Q4_0x8) }
                : [(type, WeightLayout.RowMajor)]);
            foreach (var (type, layout) in variants)
            {
                var label = layout == WeightLayout.RowMajor ? type.ToString() : layout.ToString();
                foreach (var (rows, columns) in new[] { (768, 768), (2048, 768), (768, 2048), (32000, 768) })
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (columns % GgmlTypeInfo.BlockSize(type) != 0)
                    {
                        continue;
                    }

                    var vec = KernelThroughput.Measure(type, rows, columns, 1, pool, runCount, layout: layout);
                    var mat = KernelThroughput.Measure(type, rows, columns, n, pool, runCount, layout: layout);
                    var separate = KernelThroughput.Measure(type, rows, columns, n, pool, runCount, independent: true, layout: layout);
                    await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{label,-6} {rows + "x" + columns,-12} {vec.GigabytesPerSecond,12:F2} {vec.Seconds * 1e6,12:F1} {mat.GigaflopsPerSecond,14:F2} ({n}) {separate.GigaflopsPerSecond,18:F2}")).ConfigureAwait(false);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static GgmlType Parse(string name) => Enum.TryParse<GgmlType>(name, ignoreCase: true, out var type) && MatMul.Supports(type)
        ? type
        : throw new CliException($"--type '{name}' is not a supported weight type (use f32, f16, q8_0, q4_0, q4_k or q6_k).");
}
