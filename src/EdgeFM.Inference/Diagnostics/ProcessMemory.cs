using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace EdgeFM.Inference.Diagnostics;

/// <summary>
/// Resident memory of the current process, in bytes. On Linux both figures come from <c>/proc/self/status</c>
/// (<c>VmRSS</c> and <c>VmHWM</c>: every resident page of the process, including the mapped model file, the runtime's
/// own code and data, and thread stacks), which avoids loading <c>System.Diagnostics.Process</c> into the process whose
/// footprint is being measured. Elsewhere the <see cref="Process"/> working-set figures are used.
/// </summary>
public static class ProcessMemory
{
    private const string StatusPath = "/proc/self/status";

    /// <summary>Bytes resident now (Linux <c>VmRSS</c>).</summary>
    public static long ResidentBytes() => ReadStatusKiB("VmRSS:") is { } kib ? kib * 1024 : ProcessWorkingSet(peak: false);

    /// <summary>Most bytes resident at any time since the process started (Linux <c>VmHWM</c>, the high-water mark).</summary>
    public static long PeakResidentBytes() => ReadStatusKiB("VmHWM:") is { } kib ? kib * 1024 : ProcessWorkingSet(peak: true);

    // Not inlined: compiling a caller that mentions Process would load System.Diagnostics.Process even on Linux.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long ProcessWorkingSet(bool peak)
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return peak ? process.PeakWorkingSet64 : process.WorkingSet64;
    }

    /// <summary>The value of the <c>/proc/self/status</c> line starting with <paramref name="key"/> (in KiB), or null off Linux.</summary>
    private static long? ReadStatusKiB(string key)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            foreach (var line in File.ReadLines(StatusPath))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    // "VmRSS:\t   45312 kB"
                    var value = line.AsSpan(key.Length).Trim();
                    var space = value.IndexOf(' ');
                    return long.Parse(space < 0 ? value : value[..space], NumberStyles.None, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // /proc not mounted (some containers): fall back to the Process API.
        }
        catch (UnauthorizedAccessException)
        {
            // Restricted /proc: fall back to the Process API.
        }

        return null;
    }
}
