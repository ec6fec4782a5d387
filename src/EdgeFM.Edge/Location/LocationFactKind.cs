namespace EdgeFM.Edge.Location;

/// <summary>What a <see cref="LocationFact"/> states.</summary>
public enum LocationFactKind
{
    /// <summary>The coarse place: nearest gazetteer place and country, e.g. "Paris, France".</summary>
    Place,

    /// <summary>The country alone, e.g. "France".</summary>
    Country,

    /// <summary>The local date and time at the place, with its UTC offset.</summary>
    LocalTime,

    /// <summary>The operator site the request is at.</summary>
    Site,

    /// <summary>A venue at the site.</summary>
    Venue,

    /// <summary>A service at the site.</summary>
    Service,

    /// <summary>An event at the site running now or within the next 24 hours.</summary>
    Event,
}
