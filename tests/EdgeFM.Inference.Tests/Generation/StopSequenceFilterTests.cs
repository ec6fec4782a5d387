using EdgeFM.Inference.Generation;

namespace EdgeFM.Inference.Tests.Generation;

public sealed class StopSequenceFilterTests
{
    [Fact]
    public void Text_that_may_start_a_stop_sequence_is_held_back_until_ruled_out()
    {
        var filter = new StopSequenceFilter(["\nUser:"]);

        Assert.Equal("Hello", filter.Push("Hello\n", out var s1));
        Assert.Equal("\nUs", filter.Push("Us", out var s2) is "" ? "\nUs" : "wrong");
        Assert.Equal("\nUsing it", filter.Push("ing it", out var s3));
        Assert.False(s1 || s2 || s3);
    }

    [Fact]
    public void A_stop_sequence_split_across_pieces_stops_and_is_dropped()
    {
        var filter = new StopSequenceFilter(["END", "\n\n"]);

        Assert.Equal("one two ", filter.Push("one two E", out var first));
        Assert.False(first);
        Assert.Equal("", filter.Push("N", out var second));
        Assert.False(second);
        Assert.Equal("", filter.Push("D and more", out var third));
        Assert.True(third);
    }

    [Fact]
    public void The_earliest_stop_sequence_wins_and_flush_releases_held_text()
    {
        var filter = new StopSequenceFilter(["bc", "ab"]);
        Assert.Equal("x", filter.Push("xabc", out var stopped));
        Assert.True(stopped);

        var other = new StopSequenceFilter(["xyz"]);
        Assert.Equal("ab", other.Push("abxy", out _));
        Assert.Equal("xy", other.Flush());
    }

    [Fact]
    public void Without_stop_sequences_text_passes_through()
    {
        var filter = new StopSequenceFilter([]);
        Assert.Equal("anything", filter.Push("anything", out var stopped));
        Assert.False(stopped);
    }
}
