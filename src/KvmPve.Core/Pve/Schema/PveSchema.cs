using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace KvmPve.Pve
{
    /// <summary>
    /// The official PVE API schema (Pve/Schema/pve-api-schema-9.1.json, embedded): finds the endpoint of a concrete
    /// path, and for each method its parameters (checked the way PVE's JSONSchema does) and its permission check. The
    /// simulator checks the requests it gets with the same class.
    /// </summary>
    public sealed class PveSchema
    {
        private const string ResourceName = "pve-api-schema-9.1.json";

        private static readonly Lazy<PveSchema> Official = new Lazy<PveSchema>(() =>
        {
            using (Stream stream = typeof(PveSchema).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"KvmPve.Core was built without its embedded {ResourceName}."))
            {
                return Load(stream);
            }
        });

        private readonly Node _root = new Node(string.Empty);
        private readonly List<PveSchemaEndpoint> _endpoints = new List<PveSchemaEndpoint>();

        private PveSchema()
        {
        }

        /// <summary>The official PVE 9.1 schema, read once per process.</summary>
        public static PveSchema Embedded => Official.Value;

        /// <summary>Every endpoint, in the schema's order.</summary>
        public IReadOnlyList<PveSchemaEndpoint> Endpoints => _endpoints;

        public static PveSchema Load(Stream json)
        {
            var schema = new PveSchema();
            using (JsonDocument document = JsonDocument.Parse(json))
            {
                foreach (JsonElement node in document.RootElement.EnumerateArray())
                {
                    schema.Add(node);
                }
            }

            return schema;
        }

        /// <summary>The endpoint for a concrete path such as /nodes/pve1/qemu/100/status/start, with its path parameters.</summary>
        public PveSchemaEndpoint? Match(string path, out Dictionary<string, string> pathParameters)
        {
            pathParameters = new Dictionary<string, string>(StringComparer.Ordinal);
            Node node = _root;
            foreach (string segment in path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries))
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

        /// <summary>
        /// What may follow the given concrete segments (nodes, pve1, qemu): the literal segments, and the variable one
        /// as {name}. Empty when the segments lead nowhere.
        /// </summary>
        public IReadOnlyList<string> Next(IReadOnlyList<string> segments)
        {
            Node node = _root;
            foreach (string segment in segments)
            {
                if (node.Literals.TryGetValue(segment, out Node? literal))
                {
                    node = literal;
                }
                else if (node.Variable is Node variable)
                {
                    node = variable;
                }
                else
                {
                    return Array.Empty<string>();
                }
            }

            return node.Literals.Keys.OrderBy(k => k, StringComparer.Ordinal).Concat(node.Variable == null ? Enumerable.Empty<string>() : new[] { "{" + node.Variable.Name + "}" }).ToList();
        }

        private void Add(JsonElement element)
        {
            string path = element.GetProperty("path").GetString()!;
            Node node = _root;
            foreach (string segment in path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries))
            {
                node = node.Child(segment);
            }

            if (element.TryGetProperty("info", out JsonElement info))
            {
                if (node.Endpoint == null)
                {
                    node.Endpoint = new PveSchemaEndpoint(path);
                    _endpoints.Add(node.Endpoint);
                }

                foreach (JsonProperty method in info.EnumerateObject())
                {
                    node.Endpoint.Methods[method.Name] = new PveSchemaMethod(method.Name, path, method.Value);
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

        private sealed class Node
        {
            public Node(string name) => Name = name;

            public string Name { get; }

            public Dictionary<string, Node> Literals { get; } = new Dictionary<string, Node>(StringComparer.Ordinal);

            public Node? Variable { get; private set; }

            public PveSchemaEndpoint? Endpoint { get; set; }

            public Node Child(string segment)
            {
                if (segment.StartsWith("{", StringComparison.Ordinal) && segment.EndsWith("}", StringComparison.Ordinal))
                {
                    return Variable ?? (Variable = new Node(segment.Substring(1, segment.Length - 2)));
                }

                if (!Literals.TryGetValue(segment, out Node? node))
                {
                    Literals[segment] = node = new Node(segment);
                }

                return node;
            }
        }
    }

    /// <summary>One path of the schema (/nodes/{node}/qemu/{vmid}/status/start) and its methods.</summary>
    public sealed class PveSchemaEndpoint
    {
        internal PveSchemaEndpoint(string path) => Path = path;

        public string Path { get; }

        public Dictionary<string, PveSchemaMethod> Methods { get; } = new Dictionary<string, PveSchemaMethod>(StringComparer.Ordinal);

        public override string ToString() => Path;
    }
}
