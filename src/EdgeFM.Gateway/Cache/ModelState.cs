namespace EdgeFM.Gateway.Cache;

/// <summary>Where a model is in its load cycle.</summary>
public enum ModelState
{
    /// <summary>On disk only.</summary>
    Unloaded,

    /// <summary>Being loaded; its bytes are already reserved.</summary>
    Loading,

    /// <summary>In memory and servable.</summary>
    Loaded,

    /// <summary>
    /// Its file could not be read or loaded (see <see cref="CachedModelInfo.Failure"/>); requests for it fail with that
    /// reason until the file changes, when the next request tries again.
    /// </summary>
    Failed,
}
