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
}
