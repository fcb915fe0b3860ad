using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KvmPve.Pve
{
    /// <summary>
    /// One method of a schema path: its parameters, checked the way PVE's JSONSchema (pve-common) checks them, with
    /// PVE's own wording; whether API tokens may call it; and its permission check (<see cref="Permissions"/>).
    /// </summary>
    public sealed class PveSchemaMethod
    {
        private static readonly Dictionary<string, KeyValuePair<Regex, string>> Formats = new Dictionary<string, KeyValuePair<Regex, string>>(StringComparer.Ordinal)
        {
            // Two of PVE's named formats that clients get wrong: sshkeys must arrive percent-encoded, names as DNS names.
            ["urlencoded"] = new KeyValuePair<Regex, string>(new Regex("^[-%a-zA-Z0-9_.!~*'()]*$"), "invalid urlencoded string: {value}"),
            ["dns-name"] = new KeyValuePair<Regex, string>(new Regex("^(([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)\\.)*([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)$"), "value does not look like a valid DNS name"),
        };

        private readonly Dictionary<string, JsonElement> _properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);

        internal PveSchemaMethod(string verb, string path, JsonElement info)
        {
            Verb = verb;
            Path = path;
            AllowToken = !info.TryGetProperty("allowtoken", out JsonElement allow) || allow.GetInt32() != 0;
            if (info.TryGetProperty("parameters", out JsonElement parameters) && parameters.TryGetProperty("properties", out JsonElement properties))
            {
                foreach (JsonProperty property in properties.EnumerateObject())
                {
                    _properties[property.Name] = property.Value.Clone();
                }
            }

            if (info.TryGetProperty("permissions", out JsonElement permissions) && permissions.ValueKind == JsonValueKind.Object)
            {
                Permissions = permissions.Clone();
            }
        }

        public string Verb { get; }

        public string Path { get; }

        public bool AllowToken { get; }

        /// <summary>The schema's permissions object ({check: [...]}, or {user: "all"}, with a description); null when it has none.</summary>
        public JsonElement? Permissions { get; }

        /// <summary>The parameters' names as the schema writes them (numbered ones collapsed: net[n]).</summary>
        public IEnumerable<string> ParameterNames => _properties.Keys;

        /// <summary>A parameter's schema, numbered names (net0) found through their collapsed form (net[n]).</summary>
        public JsonElement? Parameter(string name)
        {
            if (_properties.TryGetValue(name, out JsonElement property))
            {
                return property;
            }

            Match numbered = Regex.Match(name, "^(.*?)([0-9]+)$");
            return numbered.Success && _properties.TryGetValue(numbered.Groups[1].Value + "[n]", out property) ? property : (JsonElement?)null;
        }

        /// <summary>Whether the schema says a parameter may be left out.</summary>
        public bool IsOptional(string name) =>
            Parameter(name) is JsonElement p && p.TryGetProperty("optional", out JsonElement o) && o.ValueKind == JsonValueKind.Number && o.GetInt32() == 1;

        /// <summary>PVE's per-parameter errors; empty when the parameters are valid.</summary>
        public Dictionary<string, string> Check(IReadOnlyDictionary<string, List<string>> parameters)
        {
            var errors = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, List<string>> given in parameters)
            {
                if (!(Parameter(given.Key) is JsonElement property))
                {
                    errors[given.Key] = "property is not defined in schema and the schema does not allow additional properties";
                    continue;
                }

                bool isArray = property.TryGetProperty("type", out JsonElement t) && t.GetString() == "array";
                if (given.Value.Count > 1 && !isArray)
                {
                    errors[given.Key] = "duplicate parameter (not an array)";
                    continue;
                }

                foreach (string value in given.Value)
                {
                    string? problem = CheckValue(isArray && property.TryGetProperty("items", out JsonElement items) ? items : property, value);
                    if (problem != null)
                    {
                        errors[given.Key] = problem;
                        break;
                    }
                }
            }

            foreach (string name in _properties.Keys.Where(n => !IsOptional(n) && !n.EndsWith("[n]", StringComparison.Ordinal)))
            {
                if (!parameters.ContainsKey(name) && !errors.ContainsKey(name))
                {
                    errors[name] = "property is missing and it is not optional";
                }
            }

            return errors;
        }

        private static string? CheckValue(JsonElement property, string value)
        {
            string type = property.TryGetProperty("type", out JsonElement t) ? t.GetString() ?? "string" : "string";
            switch (type)
            {
                case "integer":
                    if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
                    {
                        return $"type check ('integer') failed - got '{value}'";
                    }

                    return Range(property, integer);
                case "number":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
                    {
                        return $"type check ('number') failed - got '{value}'";
                    }

                    return Range(property, number);
                case "boolean":
                    return value == "0" || value == "1" ? null : $"type check ('boolean') failed - got '{value}'";
            }

            if (property.TryGetProperty("enum", out JsonElement options) && !options.EnumerateArray().Any(e => e.GetString() == value))
            {
                return $"value '{value}' does not have a value in the enumeration '{string.Join(", ", options.EnumerateArray().Select(e => e.GetString()))}'";
            }

            if (property.TryGetProperty("maxLength", out JsonElement max) && value.Length > max.GetInt32())
            {
                return $"value may only be {max.GetInt32()} characters long";
            }

            if (property.TryGetProperty("format", out JsonElement format) && format.ValueKind == JsonValueKind.String
                && Formats.TryGetValue(format.GetString()!, out KeyValuePair<Regex, string> named) && !named.Key.IsMatch(value))
            {
                return named.Value.Replace("{value}", value);
            }

            if (property.TryGetProperty("pattern", out JsonElement pattern) && !Regex.IsMatch(value, "^(?:" + pattern.GetString() + ")$"))
            {
                return "value does not match the regex pattern";
            }

            return null;
        }

        private static string? Range(JsonElement property, double value)
        {
            if (property.TryGetProperty("minimum", out JsonElement min) && value < min.GetDouble())
            {
                return $"value must have a minimum value of {min.GetDouble().ToString(CultureInfo.InvariantCulture)}";
            }

            if (property.TryGetProperty("maximum", out JsonElement max) && value > max.GetDouble())
            {
                return $"value must have a maximum value of {max.GetDouble().ToString(CultureInfo.InvariantCulture)}";
            }

            return null;
        }

        public override string ToString() => Verb + " " + Path;
    }
}
