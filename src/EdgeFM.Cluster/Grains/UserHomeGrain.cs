
namespace EdgeFM.Cluster.Grains;

/// <summary>The home-edge grain; the home's liveness is Orleans membership's word.</summary>
internal sealed class UserHomeGrain(IClusterMembershipService membership) : Grain, IUserHomeGrain
{
    private string? _node;
    private string? _silo;

    public Task<string> ClaimAsync(string node, string silo)
    {
        if (_node is null || _silo is null || membership.CurrentSnapshot.GetSiloStatus(SiloAddress.FromParsableString(_silo)) != SiloStatus.Active)
        {
            _node = node;
            _silo = silo;
        }

        return Task.FromResult(_node);
    }

    public Task<string?> GetAsync() => Task.FromResult(_node);
}
