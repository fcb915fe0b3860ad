using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using KvmPve.Security;

namespace KvmPve.Simulator.PiKvm;

/// <summary>
/// kvmd's authentication: headers, then the auth_token cookie, then Basic — the first present decides. No credentials
/// → 401; wrong ones → 403; a malformed user name or password → 400.
/// </summary>
internal sealed partial class KvmdAuth(PiKvmSimulatorOptions options)
{
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);

    // Token → when kvmd ends it (the login's expire, kvmd/apps/kvmd/auth.py); tokens without one live until logout.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expires = new(StringComparer.Ordinal);

    [GeneratedRegex("^[a-z_]([a-z0-9@._-]*[a-z0-9_-])?$")]
    private static partial Regex UserPattern();

    [GeneratedRegex("^[\\x20-\\x7e]*$")]
    private static partial Regex PasswdPattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex TokenPattern();

    public int ActiveTokens => _tokens.Count;

    /// <summary>The live cookie values, so tests can look for them where they must never appear.</summary>
    public IReadOnlyCollection<string> TokenValues => _tokens.Keys.ToList();

    /// <summary>True when the request may go on; otherwise the error has been written.</summary>
    public async Task<bool> CheckAsync(HttpContext context)
    {
        if (!options.AuthEnabled)
        {
            return true;
        }

        HttpRequest request = context.Request;
        string user = request.Headers["X-KVMD-User"].ToString();
        if (user.Length > 0)
        {
            return await Decide(context, user, request.Headers["X-KVMD-Passwd"].ToString());
        }

        string token = request.Cookies["auth_token"] ?? string.Empty;
        if (token.Length > 0)
        {
            if (!TokenPattern().IsMatch(token))
            {
                await KvmdResponse.Invalid(context, token, "auth token");
                return false;
            }

            if (_expires.TryGetValue(token, out DateTimeOffset end) && DateTimeOffset.UtcNow >= end)
            {
                _tokens.TryRemove(token, out _);
                _expires.TryRemove(token, out _);
            }

            if (_tokens.ContainsKey(token))
            {
                return true;
            }

            await KvmdResponse.Error(context, 403, "ForbiddenError", string.Empty);
            return false;
        }

        string authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("basic ", StringComparison.OrdinalIgnoreCase))
        {
            string[] parts;
            try
            {
                parts = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..])).Split(':');
            }
            catch (FormatException)
            {
                parts = [];
            }

            if (parts.Length != 2)
            {
                await KvmdResponse.Error(context, 401, "UnauthorizedError", string.Empty);
                return false;
            }

            return await Decide(context, parts[0], parts[1]);
        }

        await KvmdResponse.Error(context, 401, "UnauthorizedError", string.Empty);
        return false;
    }

    public async Task Login(HttpContext context)
    {
        if (!options.AuthEnabled)
        {
            await KvmdResponse.Ok(context);
            return;
        }

        IFormCollection form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync() : FormCollection.Empty;
        string user = form["user"].ToString();
        string passwd = form["passwd"].ToString();
        if (!await ValidFormat(context, user, passwd))
        {
            return;
        }

        if (!Authorize(user, passwd))
        {
            await KvmdResponse.Error(context, 403, "ForbiddenError", string.Empty);
            return;
        }

        string token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _tokens[token] = user;
        if (long.TryParse(form["expire"].ToString(), out long expire) && expire > 0)
        {
            _expires[token] = DateTimeOffset.UtcNow.AddSeconds(expire);
        }

        context.Response.Cookies.Append("auth_token", token, new CookieOptions { HttpOnly = true, Path = "/", SameSite = SameSiteMode.Strict });
        await KvmdResponse.Ok(context);
    }

    /// <summary>Like kvmd, ends every session of the token's user.</summary>
    public async Task Logout(HttpContext context)
    {
        if (options.AuthEnabled && _tokens.TryGetValue(context.Request.Cookies["auth_token"] ?? string.Empty, out string? user))
        {
            foreach (var pair in _tokens.Where(p => p.Value == user).ToList())
            {
                _tokens.TryRemove(pair.Key, out _);
            }
        }

        await KvmdResponse.Ok(context);
    }

    /// <summary>Ends every cookie session, as a logout from another client would.</summary>
    public void ForgetAllTokens() => _tokens.Clear();

    private async Task<bool> Decide(HttpContext context, string user, string passwd)
    {
        if (!await ValidFormat(context, user, passwd))
        {
            return false;
        }

        if (Authorize(user, passwd))
        {
            return true;
        }

        await KvmdResponse.Error(context, 403, "ForbiddenError", string.Empty);
        return false;
    }

    private static async Task<bool> ValidFormat(HttpContext context, string user, string passwd)
    {
        if (!UserPattern().IsMatch(user))
        {
            await KvmdResponse.Invalid(context, user, "username characters");
            return false;
        }

        if (!PasswdPattern().IsMatch(passwd))
        {
            // kvmd hides the value of a refused password.
            await KvmdResponse.Error(context, 400, "ValidatorError", "The argument must be passwd characters");
            return false;
        }

        return true;
    }

    private bool Authorize(string user, string passwd)
    {
        string? secret = options.TotpSecret;
        if (secret != null)
        {
            if (passwd.Length < 6)
            {
                return false;
            }

            string code = passwd[^6..];
            passwd = passwd[..^6];
            if (!Totp.Verify(Base32.Decode(secret.ToCharArray()), code, options.Clock.UtcNow, options.TotpTolerance))
            {
                return false;
            }
        }

        return options.Users.TryGetValue(user, out string? expected)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(passwd));
    }
}
