using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Pve;
using KvmPve.Transport;

namespace KvmPve
{
    public sealed partial class PveSession
    {
        /// <summary>How long the privileges read from PVE are used before they are read again.</summary>
        internal static readonly TimeSpan PermissionLifetime = TimeSpan.FromSeconds(60);

        private readonly object _permissionGate = new object();
        private Task<Dictionary<string, Dictionary<string, bool>>?>? _permissions;
        private DateTimeOffset _permissionsAt;
        private readonly Dictionary<string, HashSet<string>> _exact = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);

        /// <summary>The session's privileges (GET /access/permissions), on one path or on every path it has ACLs on.</summary>
        internal async Task<IReadOnlyList<PvePrivilege>> GetPermissionsAsync(string? path, CancellationToken cancellationToken)
        {
            EnsureOpen();
            JsonElement data = await Client.RequestAsync(HttpMethod.Get, "/access/permissions", path == null ? null : new[] { Pair("path", path) }, cancellationToken).ConfigureAwait(false);
            return PvePrivilege.From(data, this);
        }

        /// <summary>
        /// Before a request that changes something: the privileges PVE's schema demands for it against those the
        /// session holds; a refusal is PermissionDenied and nothing is sent. What cannot be evaluated goes to PVE.
        /// </summary>
        internal async Task PreflightAsync(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>>? parameters, CancellationToken cancellationToken)
        {
            PvePermissionTest test = await TestRequestAsync(method.Method, path, parameters, cancellationToken).ConfigureAwait(false);
            if (!test.Allowed)
            {
                throw PermissionDenied(test);
            }
        }

        /// <summary>Whether the session may send this request, by the schema's check and the privileges it holds.</summary>
        internal async Task<PvePermissionTest> TestRequestAsync(string verb, string path, IReadOnlyList<KeyValuePair<string, string>>? parameters, CancellationToken cancellationToken)
        {
            PveSchemaEndpoint? endpoint = PveSchema.Embedded.Match(path, out Dictionary<string, string> values);
            var test = new PvePermissionTest { Request = $"{verb} {path}", UserName = UserName, Allowed = true, Evaluated = false };
            if (endpoint == null || !endpoint.Methods.TryGetValue(verb, out PveSchemaMethod? method))
            {
                return test;
            }

            test.Request = $"{verb} {method.Path}";
            foreach (KeyValuePair<string, string> pair in parameters ?? Array.Empty<KeyValuePair<string, string>>())
            {
                if (!values.ContainsKey(pair.Key))
                {
                    values[pair.Key] = pair.Value;
                }
            }

            // {user: all} needs no privileges; a method without a check is root's (PVE decides). Neither reads the map.
            if (!(method.Permissions is JsonElement permissions && permissions.TryGetProperty("check", out _)))
            {
                test.Evaluated = PvePermissionCheck.Evaluate(method.Permissions, values, _ => null).Outcome == PvePermissionOutcome.Allowed;
                return test;
            }

            Dictionary<string, Dictionary<string, bool>>? held = await HeldAsync(cancellationToken).ConfigureAwait(false);
            if (held == null)
            {
                return test;
            }

            // A refusal from the map is confirmed with PVE's own answer for that exact path (pools and all), so what
            // PVE would allow is never refused here.
            PvePermissionVerdict verdict = PvePermissionCheck.Evaluate(method.Permissions, values, p => Exact(p) ?? PrivilegesAt(held, p));
            for (int round = 0; round < 4 && verdict.Outcome == PvePermissionOutcome.Denied && Exact(verdict.Path!) == null; round++)
            {
                await ReadExactAsync(verdict.Path!, cancellationToken).ConfigureAwait(false);
                verdict = PvePermissionCheck.Evaluate(method.Permissions, values, p => Exact(p) ?? PrivilegesAt(held, p));
            }

            test.Evaluated = verdict.Outcome != PvePermissionOutcome.Unknown;
            test.Allowed = verdict.Outcome != PvePermissionOutcome.Denied;
            test.Path = verdict.Path;
            test.Missing = verdict.Missing;
            test.AnyOf = verdict.Any;
            return test;
        }

        /// <summary>Whether the session holds the privileges on a path (all of them, or with <paramref name="any"/> one).</summary>
        internal async Task<PvePermissionTest> TestPrivilegesAsync(string path, IReadOnlyList<string> privileges, bool any, CancellationToken cancellationToken)
        {
            PveNames.CheckAclPath(path);
            IReadOnlyList<string> known = PvePermissionCheck.Privileges(PveSchema.Embedded);
            foreach (string privilege in privileges.Where(p => !known.Contains(p)))
            {
                IReadOnlyList<string> near = PveKeyCheck.NearMatches(privilege, known);
                throw KvmPveException.Invalid("PveUnknownPrivilege",
                    $"'{privilege}' is not a privilege PVE checks.{(near.Count > 0 ? " Did you mean " + string.Join(", ", near) + "?" : string.Empty)} Tab after -Privilege lists them.");
            }

            await ReadExactAsync(path, cancellationToken).ConfigureAwait(false);
            ISet<string> held = Exact(path) ?? new HashSet<string>();
            string[] missing = privileges.Where(p => !held.Contains(p)).ToArray();
            bool allowed = any ? missing.Length < privileges.Count : missing.Length == 0;
            return new PvePermissionTest
            {
                Allowed = allowed, Request = string.Join(any ? " or " : ", ", privileges) + " on " + path, Path = path,
                Missing = allowed ? Array.Empty<string>() : any ? privileges.ToArray() : missing, AnyOf = any && !allowed, UserName = UserName,
            };
        }

        internal KvmPveException PermissionDenied(PvePermissionTest test)
        {
            return new KvmPveException(ErrorKind.PermissionDenied, "PvePermissionDenied",
                $"{UserName} lacks {(test.AnyOf ? "any of " : string.Empty)}{string.Join(test.AnyOf ? " | " : ", ", test.Missing)} on {test.Path}, which PVE demands for {test.Request}; nothing was sent. Get-PvePermission -Path {test.Path} shows what it holds.{PveErrors.TokenAdvice(UserName, test.Path ?? string.Empty)}");
        }

        /// <summary>
        /// The privileges held on a path from the map PVE gave: the path's own entry, else the nearest parent's that
        /// propagate. Null when nothing is known there.
        /// </summary>
        internal static ISet<string>? PrivilegesAt(Dictionary<string, Dictionary<string, bool>> held, string path)
        {
            string at = path.Length > 1 ? path.TrimEnd('/') : path;
            if (held.TryGetValue(at, out Dictionary<string, bool>? own))
            {
                return new HashSet<string>(own.Keys, StringComparer.Ordinal);
            }

            while (at != "/")
            {
                int cut = at.LastIndexOf('/');
                at = cut <= 0 ? "/" : at.Substring(0, cut);
                if (held.TryGetValue(at, out Dictionary<string, bool>? parent))
                {
                    return new HashSet<string>(parent.Where(p => p.Value).Select(p => p.Key), StringComparer.Ordinal);
                }
            }

            return new HashSet<string>(StringComparer.Ordinal);
        }

        private ISet<string>? Exact(string path)
        {
            lock (_permissionGate)
            {
                return _exact.TryGetValue(path, out HashSet<string>? set) ? set : null;
            }
        }

        private async Task ReadExactAsync(string path, CancellationToken cancellationToken)
        {
            IReadOnlyList<PvePrivilege> privileges = await GetPermissionsAsync(path, cancellationToken).ConfigureAwait(false);
            lock (_permissionGate)
            {
                _exact[path] = new HashSet<string>(privileges.Where(p => p.Path == path).Select(p => p.Privilege), StringComparer.Ordinal);
            }
        }

        /// <summary>The privileges map, read once and kept <see cref="PermissionLifetime"/>; null when PVE does not tell it (nothing is refused then).</summary>
        private Task<Dictionary<string, Dictionary<string, bool>>?> HeldAsync(CancellationToken cancellationToken)
        {
            lock (_permissionGate)
            {
                DateTimeOffset now = Client.Clock.UtcNow;
                if (_permissions == null || now - _permissionsAt >= PermissionLifetime || _permissions.IsCanceled || _permissions.IsFaulted)
                {
                    _exact.Clear();
                    _permissionsAt = now;
                    _permissions = ReadHeldAsync(cancellationToken);
                }

                return _permissions;
            }
        }

        private async Task<Dictionary<string, Dictionary<string, bool>>?> ReadHeldAsync(CancellationToken cancellationToken)
        {
            try
            {
                IReadOnlyList<PvePrivilege> all = await GetPermissionsAsync(null, cancellationToken).ConfigureAwait(false);
                return all.GroupBy(p => p.Path, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.ToDictionary(p => p.Privilege, p => p.Propagate, StringComparer.Ordinal), StringComparer.Ordinal);
            }
            catch (KvmPveException ex) when (ex.Kind != ErrorKind.AuthenticationError)
            {
                // A PVE that does not answer it (an old one, a fake without it) leaves the decision to PVE.
                RequestLog.Write($"The session's privileges could not be read ({ex.Message}); PVE checks each request itself.");
                return null;
            }
        }
    }
}
