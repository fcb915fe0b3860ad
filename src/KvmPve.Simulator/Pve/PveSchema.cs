using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KvmPve.Simulator.Pve;

/// <summary>
/// The official PVE API schema (Pve/Schema/pve-api-schema-9.1.json, embedded): finds the endpoint of a request and
/// checks its parameters the way PVE's JSONSchema does (unknown, missing, wrong type, enum, range, length).
/// </summary>
public sealed class PveSchema
{
    private readonly Node _root = new(string.Empty);

    private PveSchema()
    {
    }

    private static readonly Lazy<PveSchema> Official = new(() =>
    {
        using Stream stream = typeof(PveSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The simulator was built without its embedded {ResourceName}.");
        return Load(stream);
    });

    private const string ResourceName = "pve-api-schema-9.1.json";

    /// <summary>The official PVE 9.1 schema, embedded in the simulator (Pve/Schema), read once per process.</summary>
    public static PveSchema Embedded => Official.Value;

    public static PveSchema Load(Stream json)
    {
        var schema = new PveSchema();
        using JsonDocument document = JsonDocument.Parse(json);
        foreach (JsonElement node in document.RootElement.EnumerateArray())
        {
            schema.Add(node);
        }

        return schema;
    }

    /// <summary>The endpoint for a concrete path such as /nodes/pve1/qemu/100/status/start, with its path parameters.</summary>
    public Endpoint? Match(string path, out Dictionary<string, string> pathParameters)
    {
        pathParameters = new Dictionary<string, string>(StringComparer.Ordinal);
        Node node = _root;
        foreach (string segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (node.Literals.TryGetValue(segment, out Node? literal))
            {
                node = literal;
            }
            else if (node.Variable is Node variable)
            {
                pathParameters[variable.Name] = Uri.UnescapeDataString(segment);
                node = variable;
            }
            else
            {
                return null;
            }
        }

        return node.Endpoint;
    }

    private void Add(JsonElement element)
    {
        string path = element.GetProperty("path").GetString()!;
        Node node = _root;
        foreach (string segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node.Child(segment);
        }

        if (element.TryGetProperty("info", out JsonElement info))
        {
            node.Endpoint ??= new Endpoint(path);
            foreach (JsonProperty method in info.EnumerateObject())
            {
                node.Endpoint.Methods[method.Name] = new Method(method.Name, path, method.Value);
            }
        }

        if (element.TryGetProperty("children", out JsonElement children))
        {
            foreach (JsonElement child in children.EnumerateArray())
            {
                Add(child);
            }
        }
    }

    private sealed class Node(string name)
    {
        public string Name { get; } = name;

        public Dictionary<string, Node> Literals { get; } = new(StringComparer.Ordinal);

        public Node? Variable { get; private set; }

        public Endpoint? Endpoint { get; set; }

        public Node Child(string segment)
        {
            if (segment.StartsWith('{') && segment.EndsWith('}'))
            {
                return Variable ??= new Node(segment[1..^1]);
            }

            if (!Literals.TryGetValue(segment, out Node? node))
            {
                Literals[segment] = node = new Node(segment);
            }

            return node;
        }
    }

    public sealed class Endpoint(string path)
    {
        public string Path { get; } = path;

        public Dictionary<string, Method> Methods { get; } = new(StringComparer.Ordinal);
    }

    public sealed class Method
    {
        private readonly Dictionary<string, JsonElement> _properties = new(StringComparer.Ordinal);

        public Method(string verb, string path, JsonElement info)
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
        }

        public string Verb { get; }

        public string Path { get; }

        public bool AllowToken { get; }

        /// <summary>PVE's per-parameter errors; empty when the parameters are valid.</summary>
        public Dictionary<string, string> Check(IReadOnlyDictionary<string, List<string>> parameters)
        {
            var errors = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach ((string name, List<string> values) in parameters)
            {
                JsonElement? schema = Lookup(name);
                if (schema is not JsonElement property)
                {
                    errors[name] = "property is not defined in schema and the schema does not allow additional properties";
                    continue;
                }

                bool isArray = property.TryGetProperty("type", out JsonElement t) && t.GetString() == "array";
                if (values.Count > 1 && !isArray)
                {
                    errors[name] = "duplicate parameter (not an array)";
                    continue;
                }

                foreach (string value in values)
                {
                    string? problem = CheckValue(isArray && property.TryGetProperty("items", out JsonElement items) ? items : property, value);
                    if (problem != null)
                    {
                        errors[name] = problem;
                        break;
                    }
                }
            }

            foreach ((string name, JsonElement property) in _properties)
            {
                bool optional = property.TryGetProperty("optional", out JsonElement o) && o.ValueKind == JsonValueKind.Number && o.GetInt32() == 1;
                if (!optional && !parameters.ContainsKey(name) && !errors.ContainsKey(name))
                {
                    errors[name] = "property is missing and it is not optional";
                }
            }

            return errors;
        }

        // Numbered parameters are collapsed in the schema: net0..netN are "net[n]".
        private JsonElement? Lookup(string name)
        {
            if (_properties.TryGetValue(name, out JsonElement property))
            {
                return property;
            }

            Match numbered = Regex.Match(name, "^(.*?)([0-9]+)$");
            return numbered.Success && _properties.TryGetValue(numbered.Groups[1].Value + "[n]", out property) ? property : null;
        }

        private static readonly Dictionary<string, (Regex Check, string Error)> Formats = new(StringComparer.Ordinal)
        {
            ["urlencoded"] = (new Regex("^[-%a-zA-Z0-9_.!~*'()]*$"), "invalid urlencoded string: {value}"),
            ["dns-name"] = (new Regex("^(([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)\\.)*([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)$"), "value does not look like a valid DNS name"),
        };

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
                    return value is "0" or "1" ? null : $"type check ('boolean') failed - got '{value}'";
            }

            if (property.TryGetProperty("enum", out JsonElement options) && !options.EnumerateArray().Any(e => e.GetString() == value))
            {
                return $"value '{value}' does not have a value in the enumeration '{string.Join(", ", options.EnumerateArray().Select(e => e.GetString()))}'";
            }

            if (property.TryGetProperty("maxLength", out JsonElement max) && value.Length > max.GetInt32())
            {
                return $"value may only be {max.GetInt32()} characters long";
            }

            // Two of PVE's named formats that clients get wrong: sshkeys must arrive percent-encoded, names as DNS names.
            if (property.TryGetProperty("format", out JsonElement format) && format.ValueKind == JsonValueKind.String
                && Formats.TryGetValue(format.GetString()!, out (Regex Check, string Error) named) && !named.Check.IsMatch(value))
            {
                return named.Error.Replace("{value}", value, StringComparison.Ordinal);
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
                return $"value must have a minimum value of {min.GetDouble()}";
            }

            if (property.TryGetProperty("maximum", out JsonElement max) && value > max.GetDouble())
            {
                return $"value must have a maximum value of {max.GetDouble()}";
            }

            return null;
        }
    }
}
