namespace EdgeFM.Simulation.Scenarios;

/// <summary>How users are attached to edge servers.</summary>
public enum UserAssignment
{
    /// <summary>Each user is placed uniformly in the area and attaches to the nearest server.</summary>
    Nearest,

    /// <summary>User k attaches to server k mod (number of servers): users are spread evenly over the edges.</summary>
    Spread,
}
