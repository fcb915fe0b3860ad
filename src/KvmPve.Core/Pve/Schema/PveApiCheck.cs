using System;
using System.Collections.Generic;
using System.Linq;
using KvmPve.Errors;

namespace KvmPve.Pve
{
    /// <summary>
    /// Invoke-PveApi's check before anything is sent: the path exists in PVE's schema (else the nearest paths), the
    /// method is one it has, and every parameter is one it takes (else near matches and the valid ones), of the right
    /// type, format, enumeration and range, with the required ones given.
    /// </summary>
    internal static class PveApiCheck
    {
        public static void Check(string verb, string apiPath, IReadOnlyList<KeyValuePair<string, string>> pairs)
        {
            PveSchema schema = PveSchema.Embedded;
            PveSchemaEndpoint? endpoint = schema.Match(apiPath, out Dictionary<string, string> pathValues);
            if (endpoint == null)
            {
                throw KvmPveException.Invalid("PveUnknownApiPath",
                    $"'{apiPath}' is not a path of PVE's API (schema 9.1). Nearest: {string.Join(", ", Nearest(schema, apiPath, 3))}. Use -SkipSchemaCheck for a path newer than the schema.");
            }

            if (!endpoint.Methods.TryGetValue(verb, out PveSchemaMethod? method))
            {
                throw KvmPveException.Invalid("PveInvalidMethod", $"{endpoint.Path} has no {verb}: it takes {string.Join(", ", endpoint.Methods.Keys)}.");
            }

            var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, string> pair in pairs)
            {
                if (pathValues.ContainsKey(pair.Key))
                {
                    throw KvmPveException.Invalid("PveInvalidParameter", $"'{pair.Key}' is part of the path {endpoint.Path}; leave it out of -Parameter.");
                }

                if (!values.TryGetValue(pair.Key, out List<string>? list))
                {
                    values[pair.Key] = list = new List<string>();
                }

                list.Add(pair.Value);
            }

            foreach (KeyValuePair<string, string> value in pathValues)
            {
                values[value.Key] = new List<string> { value.Value };
            }

            Dictionary<string, string> errors = method.Check(values);
            if (errors.Count == 0)
            {
                return;
            }

            IEnumerable<string> own = method.ParameterNames.Where(n => !pathValues.ContainsKey(n)).OrderBy(n => n, StringComparer.Ordinal);
            string details = string.Join("; ", errors.Select(e => e.Value.StartsWith("property is not defined", StringComparison.Ordinal)
                ? $"'{e.Key}' is not a parameter of it{Near(e.Key, own)}"
                : $"{e.Key}: {e.Value}"));
            throw KvmPveException.Invalid("PveInvalidParameter",
                $"PVE's schema refuses {verb} {endpoint.Path}: {details}. Its parameters: {string.Join(", ", own)}.");
        }

        private static string Near(string name, IEnumerable<string> names)
        {
            IReadOnlyList<string> near = PveKeyCheck.NearMatches(name, names);
            return near.Count > 0 ? " (did you mean " + string.Join(", ", near) + "?)" : string.Empty;
        }

        /// <summary>The schema paths closest to a path: segment by segment, a {variable} matching any segment.</summary>
        public static IEnumerable<string> Nearest(PveSchema schema, string path, int count)
        {
            string[] given = path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            return schema.Endpoints
                .Select(e => new { e.Path, Distance = Distance(given, e.Path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries)) })
                .OrderBy(e => e.Distance).ThenBy(e => e.Path.Length).Take(count).Select(e => e.Path);
        }

        // Edit distance over segments: a variable segment costs nothing, another one its characters' edit distance.
        private static int Distance(string[] given, string[] template)
        {
            var d = new int[given.Length + 1, template.Length + 1];
            for (int i = 0; i <= given.Length; i++)
            {
                d[i, 0] = i * 4;
            }

            for (int j = 0; j <= template.Length; j++)
            {
                d[0, j] = j * 4;
            }

            for (int i = 1; i <= given.Length; i++)
            {
                for (int j = 1; j <= template.Length; j++)
                {
                    string t = template[j - 1];
                    int change = t.StartsWith("{", StringComparison.Ordinal) ? 0 : Math.Min(4, Json.EditDistance.Between(given[i - 1], t));
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 4, d[i, j - 1] + 4), d[i - 1, j - 1] + change);
                }
            }

            return d[given.Length, template.Length];
        }
    }
}
