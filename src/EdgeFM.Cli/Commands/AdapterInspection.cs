using System.Globalization;
using System.Text;
using EdgeFM.Inference;
using EdgeFM.Inference.Lora;
using EdgeFM.Inference.Models;

namespace EdgeFM.Cli.Commands;

/// <summary>What <c>edgefm model inspect</c> shows for a LoRA adapter file.</summary>
internal static class AdapterInspection
{
    public static bool IsAdapter(string path)
    {
        try
        {
            return LoraAdapter.IsAdapterFile(path);
        }
        catch (ModelFileException ex)
        {
            throw new CliException(ex.Message, ex);
        }
    }

    /// <summary>The adapter's facts; with <paramref name="baseModelPath"/>, whether it fits that model (a mismatch is a <see cref="CliException"/> naming both files).</summary>
    public static string Describe(string path, string? baseModelPath)
    {
        LoraAdapter adapter;
        try
        {
            adapter = LoraAdapter.Open(path);
        }
        catch (ModelFileException ex)
        {
            throw new CliException(ex.Message, ex);
        }

        string? fits = null;
        if (baseModelPath is not null)
        {
            using var model = ModelOptions.LoadModel(baseModelPath, new ModelLoadOptions { RepackWeights = false, LoadTokenizer = false });
            try
            {
                adapter.CheckFits(model);
            }
            catch (ModelFileException ex)
            {
                throw new CliException(ex.Message, ex);
            }

            fits = $"yes: {model.FilePath} ({model.Config.Layers} blocks, dimension {model.Config.Dimension}, vocabulary {model.Config.VocabularySize})";
        }

        var text = new StringBuilder();
        void Line(string name, object value) => text.Append(CultureInfo.InvariantCulture, $"{name,-24}{value}\n");
        var ranks = adapter.Tensors.Select(t => t.Rank).Distinct().Order().ToArray();
        Line("file", adapter.FilePath);
        Line("format", "GGUF LoRA adapter (general.type adapter, adapter.type lora)");
        Line("architecture", adapter.Architecture);
        Line("alpha", adapter.Alpha.ToString("G", CultureInfo.InvariantCulture) + (adapter.Alpha == 0 ? " (none: scale = --adapter-scale)" : string.Empty));
        Line("rank", string.Join(", ", ranks));
        Line("scale", string.Join(", ", ranks.Select(r => $"{adapter.Scale(1f, r).ToString("G", CultureInfo.InvariantCulture)} × --adapter-scale (rank {r})")));
        Line("adapted tensors", $"{adapter.Tensors.Count} ({string.Join(", ", Targets(adapter))})");
        Line("factor types", string.Join(", ", adapter.Tensors.GroupBy(t => t.Type).Select(g => $"{g.Key} × {g.Count()}")));
        Line("memory as float32", string.Create(CultureInfo.InvariantCulture, $"{adapter.FloatBytes:N0} bytes"));
        if (adapter.IgnoredTensorCount > 0)
        {
            Line("ignored tensors", $"{adapter.IgnoredTensorCount} norm vectors (llama.cpp ignores them too)");
        }

        if (fits is not null)
        {
            Line("fits base model", fits);
        }

        text.Append('\n').Append(CultureInfo.InvariantCulture, $"{"tensor",-28}{"type",-6}{"rank",6}  {"n_in → n_out",-16}\n");
        foreach (var t in adapter.Tensors)
        {
            text.Append(CultureInfo.InvariantCulture, $"{t.TargetName,-28}{t.Type,-6}{t.Rank,6}  {t.InputDimension} → {t.OutputDimension}\n");
        }

        return text.ToString();
    }

    /// <summary>Target kinds (attn_q, ffn_down, output, ...) with the number of blocks each appears in.</summary>
    private static IEnumerable<string> Targets(LoraAdapter adapter) => adapter.Tensors
        .GroupBy(t => t.TargetName.StartsWith("blk.", StringComparison.Ordinal) ? t.TargetName.Split('.')[2] : t.TargetName.Split('.')[0], StringComparer.Ordinal)
        .Select(g => g.Count() == 1 ? g.Key : $"{g.Key} × {g.Count()}");
}
