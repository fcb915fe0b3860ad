using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KvmPve.Pve
{
    /// <summary>What evaluating a schema permission check gave.</summary>
    public enum PvePermissionOutcome
    {
        /// <summary>The privileges held satisfy the check.</summary>
        Allowed,

        /// <summary>They do not: <see cref="PvePermissionVerdict.Path"/> lacks <see cref="PvePermissionVerdict.Missing"/>.</summary>
        Denied,

        /// <summary>The check has a form that is not evaluated here (or no check at all): never a refusal.</summary>
        Unknown,
    }

    /// <summary>A check's outcome and, when denied, the first path and the privileges missing there.</summary>
    public sealed class PvePermissionVerdict
    {
        internal PvePermissionVerdict(PvePermissionOutcome outcome, string? path = null, string[]? missing = null, bool any = false)
        {
            Outcome = outcome;
            Path = path;
            Missing = missing ?? Array.Empty<string>();
            Any = any;
        }

        public PvePermissionOutcome Outcome { get; }

        public string? Path { get; }

        /// <summary>The privileges needed on <see cref="Path"/> that are not held: all of them, or with <see cref="Any"/> one of them.</summary>
        public string[] Missing { get; }

        public bool Any { get; }

        internal static readonly PvePermissionVerdict Allowed = new PvePermissionVerdict(PvePermissionOutcome.Allowed);

        internal static readonly PvePermissionVerdict Unknown = new PvePermissionVerdict(PvePermissionOutcome.Unknown);

        public override string ToString() => Outcome != PvePermissionOutcome.Denied ? Outcome.ToString()
            : $"{(Any ? "one of " : string.Empty)}{string.Join(", ", Missing)} on {Path}";
    }

    /// <summary>
    /// Evaluates the permission checks of PVE's API schema (PVE::RPCEnvironment's check_api2_permissions forms) against
    /// the privileges a session holds: ["perm", path, [privileges], any => 1, require_param => p], "and", "or", and
    /// {user: "all"}. The forms that depend on who else a user is (userid-param, userid-group, perm-modify) and methods
    /// without a check (root only) are Unknown, which is never a refusal.
    /// </summary>
    public static class PvePermissionCheck
    {
        private static readonly Regex Placeholder = new Regex("\\{([^}]+)\\}", RegexOptions.CultureInvariant);

        /// <summary>
        /// The schema method's permissions object against <paramref name="privilegesAt"/> (the privileges held on a path;
        /// null when they are not known), with the request's parameters (path ones included) for the {placeholders}.
        /// </summary>
        public static PvePermissionVerdict Evaluate(JsonElement? permissions, IReadOnlyDictionary<string, string> parameters, Func<string, ISet<string>?> privilegesAt)
        {
            if (!(permissions is JsonElement p) || p.ValueKind != JsonValueKind.Object)
            {
                return PvePermissionVerdict.Unknown;
            }

            if (p.TryGetProperty("check", out JsonElement check))
            {
                return Check(check, parameters, privilegesAt);
            }

            return p.TryGetProperty("user", out JsonElement user) && (user.GetString() == "all" || user.GetString() == "world")
                ? PvePermissionVerdict.Allowed
                : PvePermissionVerdict.Unknown;
        }

        /// <summary>Every privilege the schema's checks name (for completion and for near matches).</summary>
        public static IReadOnlyList<string> Privileges(PveSchema schema) =>
            schema.Endpoints.SelectMany(e => e.Methods.Values).Where(m => m.Permissions is JsonElement p && p.TryGetProperty("check", out _))
                .SelectMany(m => Named(m.Permissions!.Value.GetProperty("check"))).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToList();

        private static IEnumerable<string> Named(JsonElement check)
        {
            if (check.ValueKind != JsonValueKind.Array || check.GetArrayLength() == 0)
            {
                return Enumerable.Empty<string>();
            }

            string form = check[0].GetString() ?? string.Empty;
            return form == "perm" && check.GetArrayLength() > 2 && check[2].ValueKind == JsonValueKind.Array
                ? check[2].EnumerateArray().Select(e => e.GetString() ?? string.Empty).Where(p => p.Length > 0)
                : form == "and" || form == "or" ? check.EnumerateArray().Skip(1).SelectMany(Named) : Enumerable.Empty<string>();
        }

        private static PvePermissionVerdict Check(JsonElement check, IReadOnlyDictionary<string, string> parameters, Func<string, ISet<string>?> privilegesAt)
        {
            if (check.ValueKind != JsonValueKind.Array || check.GetArrayLength() == 0)
            {
                return PvePermissionVerdict.Unknown;
            }

            List<JsonElement> parts = check.EnumerateArray().ToList();
            switch (parts[0].GetString())
            {
                case "perm":
                    return Perm(parts, parameters, privilegesAt);
                case "and":
                    {
                        PvePermissionVerdict[] all = parts.Skip(1).Select(c => Check(c, parameters, privilegesAt)).ToArray();
                        return all.FirstOrDefault(v => v.Outcome == PvePermissionOutcome.Denied)
                            ?? (all.All(v => v.Outcome == PvePermissionOutcome.Allowed) ? PvePermissionVerdict.Allowed : PvePermissionVerdict.Unknown);
                    }

                case "or":
                    {
                        PvePermissionVerdict[] all = parts.Skip(1).Select(c => Check(c, parameters, privilegesAt)).ToArray();
                        return all.Any(v => v.Outcome == PvePermissionOutcome.Allowed) ? PvePermissionVerdict.Allowed
                            : all.All(v => v.Outcome == PvePermissionOutcome.Denied) ? all[0]
                            : PvePermissionVerdict.Unknown;
                    }

                default:
                    return PvePermissionVerdict.Unknown;
            }
        }

        // ["perm", "/vms/{vmid}", ["VM.PowerMgmt"], "any", 1, "require_param", "pool"]
        private static PvePermissionVerdict Perm(List<JsonElement> parts, IReadOnlyDictionary<string, string> parameters, Func<string, ISet<string>?> privilegesAt)
        {
            if (parts.Count < 3 || parts[1].ValueKind != JsonValueKind.String || parts[2].ValueKind != JsonValueKind.Array)
            {
                return PvePermissionVerdict.Unknown;
            }

            bool any = false;
            string? required = null;
            for (int i = 3; i + 1 < parts.Count; i += 2)
            {
                string option = parts[i].GetString() ?? string.Empty;
                if (option == "any")
                {
                    any = parts[i + 1].ValueKind == JsonValueKind.Number ? parts[i + 1].GetInt32() != 0 : parts[i + 1].ValueKind == JsonValueKind.True;
                }
                else if (option == "require_param")
                {
                    required = parts[i + 1].GetString();
                }
            }

            string[] privileges = parts[2].EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToArray();
            string template = parts[1].GetString()!;
            bool unresolved = false;
            string path = Placeholder.Replace(template, m =>
            {
                if (parameters.TryGetValue(m.Groups[1].Value, out string? value))
                {
                    return value;
                }

                unresolved = true;
                return m.Value;
            });

            // PVE: a check that requires a parameter fails when it is not given (the "or" around it decides).
            if (required != null && !parameters.ContainsKey(required))
            {
                return new PvePermissionVerdict(PvePermissionOutcome.Denied, path, privileges, any);
            }

            if (unresolved || !(privilegesAt(path) is ISet<string> held))
            {
                return PvePermissionVerdict.Unknown;
            }

            string[] missing = privileges.Where(p => !held.Contains(p)).ToArray();
            bool allowed = any ? missing.Length < privileges.Length : missing.Length == 0;
            return allowed ? PvePermissionVerdict.Allowed : new PvePermissionVerdict(PvePermissionOutcome.Denied, path, any ? privileges : missing, any);
        }
    }
}
