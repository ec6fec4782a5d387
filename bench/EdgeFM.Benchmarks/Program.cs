using BenchmarkDotNet.Running;
using EdgeFM.Benchmarks.Peers;

// Run with: dotnet run -c Release --project bench/EdgeFM.Benchmarks -- --filter '*'
// llama.cpp's decode speed on a file (for bench/decode-table.sh): ... -- llamacpp-decode --model FILE [--threads N]
return args is [LlamaCppDecodeBench.Command, ..]
    ? LlamaCppDecodeBench.Run(args[1..])
    : RunBenchmarks(args);

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
