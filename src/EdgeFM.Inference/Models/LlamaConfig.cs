namespace EdgeFM.Inference.Models;

/// <summary>
/// Hyper-parameters of a llama-family decoder-only transformer, as read from a GGUF file's <c>llama.*</c> metadata or a
/// llama2.c checkpoint header.
/// </summary>
public sealed record LlamaConfig
{
    /// <summary>Width of the residual stream (embedding length), in elements.</summary>
    public required int Dimension { get; init; }

    /// <summary>Number of transformer blocks.</summary>
    public required int Layers { get; init; }

    /// <summary>Number of query heads.</summary>
    public required int Heads { get; init; }

    /// <summary>Number of key/value heads (less than <see cref="Heads"/> for grouped-query attention).</summary>
    public required int KvHeads { get; init; }

    /// <summary>Elements per attention head (usually <see cref="Dimension"/> / <see cref="Heads"/>).</summary>
    public required int HeadDimension { get; init; }

    /// <summary>Hidden width of the SwiGLU feed-forward network.</summary>
    public required int FeedForwardDimension { get; init; }

    /// <summary>Number of tokens in the vocabulary (rows of the embedding and output matrices).</summary>
    public required int VocabularySize { get; init; }

    /// <summary>Maximum sequence length the model was trained for, in tokens.</summary>
    public required int ContextLength { get; init; }

    /// <summary>RoPE frequency base θ (10,000 for llama 1/2).</summary>
    public float RopeBase { get; init; } = 10_000f;

    /// <summary>Number of leading elements of each head that are rotated (pairs 2i, 2i+1); the rest pass unchanged.</summary>
    public required int RopeDimensions { get; init; }

    /// <summary>ε added to the mean square in RMSNorm.</summary>
    public float NormEpsilon { get; init; } = 1e-5f;

    /// <summary>True when the output (classifier) matrix is the token embedding matrix.</summary>
    public bool TiedOutput { get; init; }

    /// <summary>Width of one position's keys (or values): <see cref="KvHeads"/> × <see cref="HeadDimension"/>.</summary>
    public int KvDimension => KvHeads * HeadDimension;

    /// <summary>Width of all query heads together: <see cref="Heads"/> × <see cref="HeadDimension"/>.</summary>
    public int QueryDimension => Heads * HeadDimension;

    /// <summary>Number of weights (parameters) of the model, counting a tied output matrix once.</summary>
    public long ParameterCount
    {
        get
        {
            long d = Dimension;
            var perLayer = (d * QueryDimension * 2) + (d * KvDimension * 2) + (3 * d * FeedForwardDimension) + (2 * d);
            var embedding = (long)VocabularySize * d;
            return embedding + (TiedOutput ? 0 : embedding) + (Layers * perLayer) + d;
        }
    }

    /// <summary>Checks that the shape is usable; throws a <see cref="ModelFileException"/> naming <paramref name="filePath"/>.</summary>
    public void Validate(string filePath)
    {
        Require(Dimension > 0 && Dimension <= 1 << 16, $"embedding dimension {Dimension}");
        Require(Layers > 0 && Layers <= 1024, $"layer count {Layers}");
        Require(Heads > 0 && Heads <= Dimension, $"head count {Heads}");
        Require(KvHeads > 0 && KvHeads <= Heads && Heads % KvHeads == 0, $"key/value head count {KvHeads} (must divide the head count {Heads})");
        Require(HeadDimension > 0 && HeadDimension <= 1024, $"head dimension {HeadDimension}");
        Require(FeedForwardDimension > 0 && FeedForwardDimension <= 1 << 18, $"feed-forward dimension {FeedForwardDimension}");
        Require(VocabularySize > 0 && VocabularySize <= 1 << 22, $"vocabulary size {VocabularySize}");
        Require(ContextLength > 0 && ContextLength <= 1 << 24, $"context length {ContextLength}");
        Require(RopeDimensions > 0 && RopeDimensions <= HeadDimension && RopeDimensions % 2 == 0, $"rope dimension count {RopeDimensions} (must be even and at most the head dimension {HeadDimension})");
        Require(float.IsFinite(RopeBase) && RopeBase > 1f, $"rope frequency base {RopeBase}");
        Require(float.IsFinite(NormEpsilon) && NormEpsilon > 0f && NormEpsilon < 1f, $"RMSNorm epsilon {NormEpsilon}");

        void Require(bool condition, string what)
        {
            if (!condition)
            {
                throw new ModelFileException(filePath, $"invalid {what}; the file is corrupted or not a llama model.");
            }
        }
    }
}
