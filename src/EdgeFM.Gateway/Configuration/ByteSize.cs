using System.Globalization;

namespace EdgeFM.Gateway.Configuration;

/// <summary>Parses and formats byte sizes such as <c>512MiB</c>, <c>2GiB</c>, <c>1.5GB</c> or plain bytes.</summary>
public static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
        ("KB", 1_000L), ("MB", 1_000_000L), ("GB", 1_000_000_000L), ("TB", 1_000_000_000_000L),
        ("K", 1L << 10), ("M", 1L << 20), ("G", 1L << 30), ("B", 1L),
    ];

    /// <summary>
    /// Parses <paramref name="text"/> as a non-negative number of bytes. Binary suffixes (KiB, MiB, GiB, TiB, and the
    /// short K, M, G) are powers of 1024; decimal ones (KB, MB, GB, TB) are powers of 1000; suffixes are
    /// case-insensitive and may follow a space. Fractions are rounded down to whole bytes.
    /// </summary>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        long factor = 1;
        foreach (var (suffix, unitFactor) in Units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                factor = unitFactor;
                trimmed = trimmed[..^suffix.Length].TrimEnd();
                break;
            }
        }

        if (!decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var value = number * factor;
        if (value > long.MaxValue)
        {
            return false;
        }

        bytes = (long)decimal.Floor(value);
        return true;
    }

    /// <summary>Formats <paramref name="bytes"/> with the largest binary unit that keeps the number at least 1.</summary>
    public static string Format(long bytes)
    {
        string[] names = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < names.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.##} {names[unit]}");
    }
}
