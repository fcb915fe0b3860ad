using System;
using System.Collections.Generic;
using System.Linq;
using KvmPve.Errors;

namespace KvmPve
{
    /// <summary>The sections <c>GET /api/info?fields=</c> knows (kvmd in its default, legacy, mode).</summary>
    public static class PiKvmInfoFields
    {
        public static readonly IReadOnlyList<string> All = new[] { "auth", "extras", "fan", "health", "hw", "meta", "node", "system", "uptime" };

        /// <summary>Lower-cased, de-duplicated fields; an unknown one is an error listing the valid ones.</summary>
        public static string[] Validate(IEnumerable<string>? fields)
        {
            if (fields == null)
            {
                return Array.Empty<string>();
            }

            var valid = new List<string>();
            foreach (string field in fields)
            {
                string name = (field ?? string.Empty).Trim().ToLowerInvariant();
                if (!All.Contains(name))
                {
                    throw KvmPveException.Invalid("PiKvmUnknownInfoField",
                        $"'{field}' is not a PiKVM info field. Valid fields: {string.Join(", ", All)}.");
                }

                if (!valid.Contains(name))
                {
                    valid.Add(name);
                }
            }

            return valid.ToArray();
        }
    }
}
