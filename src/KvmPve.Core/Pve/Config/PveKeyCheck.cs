using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using KvmPve.Errors;

namespace KvmPve.Pve
{
    /// <summary>
    /// Configuration keys checked against PVE's schema before any request: a key PVE would refuse with a bare 400 is
    /// an argument error that names it and the keys it was probably meant to be.
    /// </summary>
    internal static class PveKeyCheck
    {
        private static readonly Regex Indexed = new Regex("^(?<base>[a-z_-]+?)(?<index>[0-9]+)$", RegexOptions.CultureInvariant);

        /// <summary>Keys the cmdlet sets through its own parameters, never through -Parameter.</summary>
        private static readonly Dictionary<string, string> OwnParameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["delete"] = "-Delete",
            ["digest"] = "-Digest",
            ["vmid"] = "-VmId",
            ["node"] = "-Node",
        };

        public static bool IsKnown(string key, IReadOnlyCollection<string> schemaKeys)
        {
            if (schemaKeys.Contains(key))
            {
                return true;
            }

            Match indexed = Indexed.Match(key);
            return indexed.Success && schemaKeys.Contains(indexed.Groups["base"].Value + "[n]");
        }

        /// <summary>Refuses the first key that is not in <paramref name="schemaKeys"/> (or is one of the cmdlet's own parameters).</summary>
        public static void Check(IEnumerable<string> keys, IReadOnlyCollection<string> schemaKeys, string what, string parameter)
        {
            foreach (string key in keys)
            {
                if (OwnParameters.TryGetValue(key, out string? own))
                {
                    throw KvmPveException.Invalid("PveInvalidConfigKey", $"'{key}' in {parameter} is set through {own}, not as a key.");
                }

                if (!IsKnown(key, schemaKeys))
                {
                    IReadOnlyList<string> near = NearMatches(key, schemaKeys);
                    throw KvmPveException.Invalid("PveInvalidConfigKey",
                        $"'{key}' in {parameter} is not a key of {what} in PVE's API schema.{(near.Count > 0 ? " Did you mean " + string.Join(", ", near.Select(n => "'" + n + "'")) + "?" : string.Empty)}");
                }
            }
        }

        /// <summary>Up to three schema keys within a small edit distance (an index carried over: 'nett0' → 'net0').</summary>
        public static IReadOnlyList<string> NearMatches(string key, IEnumerable<string> schemaKeys)
        {
            string text = key.ToLowerInvariant();
            Match indexed = Indexed.Match(text);
            var scored = new List<(int Distance, string Key)>();
            foreach (string candidate in schemaKeys.Where(k => !OwnParameters.ContainsKey(k)))
            {
                bool takesIndex = candidate.EndsWith("[n]", StringComparison.Ordinal);
                string name = takesIndex ? candidate.Substring(0, candidate.Length - 3) : candidate;
                string compared = takesIndex && indexed.Success ? indexed.Groups["base"].Value : text;
                int distance = Json.EditDistance.Between(compared, name);
                if (distance <= Math.Max(2, name.Length / 3))
                {
                    scored.Add((distance, takesIndex ? name + (indexed.Success ? indexed.Groups["index"].Value : "0") : name));
                }
            }

            return scored.OrderBy(s => s.Distance).ThenBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Key).Distinct().Take(3).ToList();
        }
    }
}
