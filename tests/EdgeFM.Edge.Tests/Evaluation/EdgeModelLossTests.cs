using EdgeFM.Edge.Evaluation;

namespace EdgeFM.Edge.Tests.Evaluation;

public sealed class EdgeModelLossTests
{
    [Fact]
    public void Scored_segments_are_the_tokens_of_the_text_as_one_not_of_each_segment_alone()
    {
        var model = EdgeModel.Stories260K;
        var tokenizer = model.Tokenizer!;
        const string Before = "Find a gym. I am near Cairo, Egypt";
        const string Connector = ", with my dog";

        var (nats, tokens) = EdgeModelLoss.Measure(model, [(Before, false), (Connector, true), (".", false)]);

        // Alone, the connector would begin with SentencePiece's space prefix, a token running text never has there.
        var joint = tokenizer.Encode(Before + Connector, addBos: false).Length - tokenizer.Encode(Before, addBos: false).Length;
        Assert.Equal(joint, tokens);
        Assert.Equal(tokenizer.Encode(Connector, addBos: false).Length - 1, tokens);
        Assert.InRange(nats / tokens, 0.01, Math.Log(model.Config.VocabularySize) + 5);
        Assert.Equal((0.0, 0), EdgeModelLoss.Measure(model, [(Before, false)]));
    }
}
