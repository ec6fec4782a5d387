namespace EdgeFM.Gateway.Cache;

/// <summary>
/// What the gateway checks to notice that a model file changed on disk (a copy over it, a truncation): its length and
/// last write time. A memory-mapped file that shrinks under a loaded model would fault on the next read, so a lease is
/// only granted while the file is as it was when the model loaded.
/// </summary>
/// <param name="Length">Length in bytes; -1 when the file is missing or unreadable.</param>
/// <param name="LastWriteUtc">Last write time (UTC).</param>
public readonly record struct FileIdentity(long Length, DateTime LastWriteUtc)
{
    /// <summary>The identity of <paramref name="path"/> now (length -1 when it cannot be read).</summary>
    public static FileIdentity Of(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileIdentity(info.Length, info.LastWriteTimeUtc) : new FileIdentity(-1, default);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new FileIdentity(-1, default);
        }
    }
}
