using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Synthesis;
using EdgeFM.TestSupport;

namespace EdgeFM.Peers.Tests.LlamaCpp;

/// <summary>
/// Small random-weight models written by EdgeFM's synthesizer (as <c>edgefm model synth</c> writes them), one file per
/// case, kept for the test run. Rows are 256 wide so that the K-quants (256-value super-blocks) apply to every matrix.
/// </summary>
internal static class PeerModels
{
    private static readonly TempDirectory Folder = CreateFolder();
    private static readonly Lock Gate = new();

    /// <summary>The path of the model of this case, written on first use.</summary>
    public static string Get(GgmlType type, bool groupedQueryAttention, bool tiedOutput)
    {
        var path = Folder.File($"{type}-{(groupedQueryAttention ? "gqa" : "mha")}-{(tiedOutput ? "tied" : "separate")}.gguf");
        lock (Gate)
        {
            if (!File.Exists(path))
            {
                SyntheticModel.Write(
                    new SyntheticModelOptions
                    {
                        Dimension = 256,
                        Layers = 2,
                        Heads = 4,
                        KvHeads = groupedQueryAttention ? 2 : 4,
                        FeedForward = 512,
                        Vocabulary = 512,
                        Type = type,
                        ContextLength = 128,
                        SeparateOutput = !tiedOutput,
                        Seed = 1000 + (int)type,
                    },
                    path);
            }
        }

        return path;
    }

    // The models live as long as the test run and are deleted when it ends.
    private static TempDirectory CreateFolder()
    {
        var folder = new TempDirectory();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => folder.Dispose();
        return folder;
    }
}
