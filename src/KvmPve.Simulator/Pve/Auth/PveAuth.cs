using KvmPve.Pve;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using KvmPve.Security;

namespace KvmPve.Simulator.Pve;

/// <summary>
/// PVE's authentication: tickets (2 h, renewable with the ticket as password) with their CSRF tokens, the TFA
/// challenge (half ticket, then totp:&lt;code&gt;), and API tokens. Every 401 comes after the configured delay.
/// </summary>
internal sealed class PveAuth(PveSimulatorOptions options)
{
    private readonly ConcurrentDictionary<string, Ticket> _tickets = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> TicketValues => _tickets.Keys.ToList();

    /// <summary>The user of a valid request, or null after writing the 401.</summary>
    public async Task<(string? User, bool IsToken)> AuthenticateAsync(HttpContext context, PveSchemaMethod? method)
    {
        string cookie = context.Request.Cookies["PVEAuthCookie"] ?? string.Empty;
        if (cookie.Length > 0)
        {
            if (!_tickets.TryGetValue(cookie, out Ticket? ticket) || ticket.Half || Age(ticket) >= options.TicketLifetime)
            {
                await Unauthorized(context, "permission denied - invalid PVE ticket");
                return (null, false);
            }

            if (!HttpMethods.IsGet(context.Request.Method) && context.Request.Headers["CSRFPreventionToken"].ToString() != ticket.Csrf)
            {
                await Unauthorized(context, "Permission denied - invalid csrf token");
                return (null, false);
            }

            return (ticket.User, false);
        }

        string authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("PVEAPIToken", StringComparison.Ordinal))
        {
            string value = authorization["PVEAPIToken".Length..].TrimStart(' ', '=');
            int equals = value.IndexOf('=');
            string id = equals < 0 ? value : value[..equals];
            string secret = equals < 0 ? string.Empty : value[(equals + 1)..];
            if (!options.Tokens.TryGetValue(id, out string? expected) || !FixedEquals(expected, secret))
            {
                await Unauthorized(context, "invalid token value!");
                return (null, false);
            }

            if (method is { AllowToken: false })
            {
                await PveResponse.Error(context, 403, $"Permission check failed (URI {method.Path} not available with API token, need proper ticket.)");
                return (null, true);
            }

            return (id[..id.IndexOf('!')], true);
        }

        await Unauthorized(context, "No ticket");
        return (null, false);
    }

    /// <summary>POST /access/ticket: login, TFA second step, or renewal.</summary>
    public async Task CreateTicket(PveRequest request)
    {
        string user = request.Get("username") ?? string.Empty;
        if (!user.Contains('@') && request.Get("realm") is string realm)
        {
            user += "@" + realm;
        }

        string password = request.Get("password") ?? string.Empty;
        if (request.Get("tfa-challenge") is string challenge)
        {
            bool answered = _tickets.TryRemove(challenge, out Ticket? half) && half.Half && half.User == user && CodeMatches(user, password);
            await (answered ? Issue(request.Context, user) : Unauthorized(request.Context, "authentication failure"));
            return;
        }

        bool renewal = _tickets.TryGetValue(password, out Ticket? current) && !current.Half && current.User == user && Age(current) < options.TicketLifetime;
        if (!renewal && !(options.Users.TryGetValue(user, out string? expected) && FixedEquals(expected, password)))
        {
            await Unauthorized(request.Context, "authentication failure");
            return;
        }

        string? otp = request.Get("otp");
        if (!renewal && options.TotpSecrets.ContainsKey(user) && otp == null)
        {
            string half = $"PVE:!tfa!{{\"totp\"%3Atrue,\"recovery\"%3A[]}}:{Epoch()}::{Signature()}";
            _tickets[half] = new Ticket(user, options.Clock.UtcNow, Csrf(), Half: true);
            await PveResponse.Data(request.Context, new JsonObject { ["username"] = user, ["ticket"] = half, ["CSRFPreventionToken"] = _tickets[half].Csrf, ["NeedTFA"] = 1 });
            return;
        }

        if (otp != null && !(options.TotpSecrets.ContainsKey(user) && CodeMatches(user, otp)))
        {
            await Unauthorized(request.Context, "authentication failure");
            return;
        }

        await Issue(request.Context, user);
    }

    /// <summary>Ends every ticket, as a restart of the cluster's key would.</summary>
    public void ForgetTickets() => _tickets.Clear();

    private Task Issue(HttpContext context, string user)
    {
        string ticket = $"PVE:{user}:{Epoch()}::{Signature()}";
        _tickets[ticket] = new Ticket(user, options.Clock.UtcNow, Csrf(), Half: false);
        return PveResponse.Data(context, new JsonObject
        {
            ["username"] = user,
            ["ticket"] = ticket,
            ["CSRFPreventionToken"] = _tickets[ticket].Csrf,
            ["clustername"] = options.ClusterName,
            ["cap"] = new JsonObject { ["vms"] = new JsonObject { ["VM.PowerMgmt"] = 1, ["VM.Audit"] = 1 } },
        });
    }

    // TFA answers are "totp:<6 digits>"; a bare code is refused, as PVE does.
    private bool CodeMatches(string user, string answer) =>
        answer.StartsWith("totp:", StringComparison.Ordinal)
        && options.TotpSecrets.TryGetValue(user, out string? secret)
        && Totp.Verify(Base32.Decode(secret.ToCharArray()), answer[5..], options.Clock.UtcNow);

    private async Task Unauthorized(HttpContext context, string reason)
    {
        if (options.UnauthorizedDelay > TimeSpan.Zero)
        {
            await Task.Delay(options.UnauthorizedDelay, context.RequestAborted);
        }

        await PveResponse.Error(context, 401, reason);
    }

    private TimeSpan Age(Ticket ticket) => options.Clock.UtcNow - ticket.IssuedAt;

    private string Epoch() => options.Clock.UtcNow.ToUnixTimeSeconds().ToString("X8", CultureInfo.InvariantCulture);

    private string Csrf() => $"{Epoch()}:{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=')}";

    private static string Signature() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(96));

    private static bool FixedEquals(string a, string b) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private sealed record Ticket(string User, DateTimeOffset IssuedAt, string Csrf, bool Half);
}
