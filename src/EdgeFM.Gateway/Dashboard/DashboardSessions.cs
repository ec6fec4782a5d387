using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace EdgeFM.Gateway.Dashboard;

/// <summary>
/// Browser sessions of the dashboard. A browser cannot send <c>Authorization: Bearer</c> when it navigates, and a
/// key in a URL ends up in histories, logs and Referer headers; so the dashboard's sign-in form posts the API key
/// once, and a correct key is exchanged for a random session token in an <c>HttpOnly</c>, <c>SameSite=Strict</c>
/// cookie (<c>Secure</c> over HTTPS). The token opens only the dashboard's read-only paths (see
/// <see cref="DashboardEndpoints.AdmitsWithoutKey"/>), never a completion or an admin action. Tokens live in memory
/// for <see cref="Lifetime"/>, at most <see cref="MaxSessions"/> at once (the oldest goes first), and die with the
/// process. Thread-safe.
/// </summary>
public sealed class DashboardSessions
{
    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "edgefm_dashboard";

    /// <summary>Sessions kept at once.</summary>
    public const int MaxSessions = 32;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _expiry = new(StringComparer.Ordinal);
    private readonly byte[] _key;
    private readonly TimeProvider _time;

    /// <summary>Creates the store for <paramref name="apiKey"/> (empty: no authentication, every browser is admitted).</summary>
    public DashboardSessions(string apiKey, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        _key = Encoding.UTF8.GetBytes(apiKey);
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>How long a session lasts after sign-in.</summary>
    public static TimeSpan Lifetime { get; } = TimeSpan.FromHours(12);

    /// <summary>True when the gateway has no API key, so no sign-in is needed.</summary>
    public bool Open => _key.Length == 0;

    /// <summary>Starts a session when <paramref name="givenKey"/> is the API key (compared in constant time); returns its token, or null.</summary>
    public string? SignIn(string givenKey)
    {
        ArgumentNullException.ThrowIfNull(givenKey);
        if (Open || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(givenKey), _key))
        {
            return null;
        }

        // A session token must be unguessable, so it comes from the system's cryptographic generator, not from the
        // gateway's seeded randomness.
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var stale in _expiry.Where(p => p.Value <= now).Select(p => p.Key).ToList())
            {
                _expiry.Remove(stale);
            }

            while (_expiry.Count >= MaxSessions)
            {
                _expiry.Remove(_expiry.MinBy(p => p.Value).Key);
            }

            _expiry[token] = now + Lifetime;
        }

        return token;
    }

    /// <summary>True when the request carries a live session cookie (or the gateway has no key).</summary>
    public bool IsSignedIn(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Open)
        {
            return true;
        }

        if (!context.Request.Cookies.TryGetValue(CookieName, out var token) || string.IsNullOrEmpty(token))
        {
            return false;
        }

        lock (_gate)
        {
            return _expiry.TryGetValue(token, out var expires) && expires > _time.GetUtcNow();
        }
    }

    /// <summary>Ends the request's session, if any.</summary>
    public void SignOut(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Cookies.TryGetValue(CookieName, out var token) && token is not null)
        {
            lock (_gate)
            {
                _expiry.Remove(token);
            }
        }
    }

    /// <summary>Sets (or, with a null token, clears) the session cookie on the response.</summary>
    public static void WriteCookie(HttpContext context, string? token)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            IsEssential = true,
        };
        if (token is null)
        {
            context.Response.Cookies.Delete(CookieName, options);
            return;
        }

        options.MaxAge = Lifetime;
        context.Response.Cookies.Append(CookieName, token, options);
    }
}
