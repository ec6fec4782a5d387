using System.Buffers.Binary;

namespace EdgeFM.Reports.Tests;

/// <summary>Reads what the tests check of image files.</summary>
internal static class Images
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The width and height in a PNG's IHDR chunk; fails the test when the bytes are not a PNG.</summary>
    public static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.True(png.Length > 33, "too short for a PNG");
        Assert.Equal(PngSignature, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    /// <summary>Parses an SVG document and returns its root element; fails the test when it is not SVG.</summary>
    public static System.Xml.Linq.XElement SvgRoot(string svg)
    {
        var root = System.Xml.Linq.XDocument.Parse(svg).Root!;
        Assert.Equal("svg", root.Name.LocalName);
        return root;
    }

    /// <summary>All text drawn in an SVG document, concatenated per text element.</summary>
    public static IReadOnlyList<string> SvgTexts(string svg) =>
        [.. SvgRoot(svg).Descendants().Where(e => string.Equals(e.Name.LocalName, "text", StringComparison.Ordinal)).Select(e => e.Value.Trim())];
}
