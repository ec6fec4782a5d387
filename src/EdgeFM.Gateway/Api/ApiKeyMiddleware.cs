using System.Security.Cryptography;
using System.Text;
using EdgeFM.Gateway.Configuration;
using Microsoft.AspNetCore.Http;

namespace EdgeFM.Gateway.Api;

/// <summary>
/// Requires <c>Authorization: Bearer &lt;key&gt;</c> on every path but <c>/healthz</c> and <c>/readyz</c> when a key
/// is configured (an empty key, which is how the host passes "no key", disables the check; a blank key is refused
/// with <see cref="GatewayConfigurationException"/> rather than taken for one). Keys are compared in constant time.
/// </summary>
/// <param name="next">The rest of the pipeline.</param>
/// <param name="apiKey">The key, or empty for none.</param>
/// <param name="admitsWithoutKey">Lets chosen requests through without the key (the dashboard's sign-in and its session cookie); null admits none.</param>
public sealed class ApiKeyMiddleware(RequestDelegate next, string apiKey, Func<HttpContext, bool>? admitsWithoutKey = null)
{
    private const string VerifiedItem = "edgefm.api-key-verified";

    private readonly byte[] _expected = apiKey.Length > 0 && string.IsNullOrWhiteSpace(apiKey)
        ? throw new GatewayConfigurationException("--api-key is blank: give a key, or omit it to run without authentication.")
        : Encoding.UTF8.GetBytes("Bearer " + apiKey);

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path;
        if (apiKey.Length == 0 || path.Equals("/healthz", StringComparison.Ordinal) || path.Equals("/readyz", StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var given = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
        if (CryptographicOperations.FixedTimeEquals(given, _expected))
        {
            context.Items[VerifiedItem] = true;
        }
        else if (admitsWithoutKey?.Invoke(context) != true)
        {
            var message = given.Length == 0
                ? "Missing API key: send 'Authorization: Bearer <key>'."
                : "Incorrect API key provided.";
            await OpenAiWire.WriteErrorAsync(context, new ApiException(StatusCodes.Status401Unauthorized, "invalid_request_error", "invalid_api_key", null, message)).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>True when this request carried the configured key (false when none is configured).</summary>
    public static bool Verified(HttpContext context) =>
        context?.Items.TryGetValue(VerifiedItem, out var verified) == true && verified is true;
}
