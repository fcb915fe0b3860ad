using System;
using System.Collections.Generic;
using System.Text.Json;

namespace KvmPve.Json
{
    /// <summary>Makes one object from a JSON object's properties (a PSCustomObject in the module, a dictionary here).</summary>
    public delegate object ObjectBuilder(IReadOnlyList<KeyValuePair<string, object?>> properties);

    /// <summary>JSON into plain .NET values: null, bool, long, double, string, object?[] and whatever the builder makes of objects.</summary>
    public static class JsonTree
    {
        /// <summary>The builder Core uses on its own: case-insensitive dictionaries.</summary>
        public static readonly ObjectBuilder Dictionaries = properties =>
        {
            var dictionary = new Dictionary<string, object?>(properties.Count, StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, object?> pair in properties)
            {
                dictionary[pair.Key] = pair.Value;
            }

            return dictionary;
        };

        public static object? ToObject(JsonElement element, ObjectBuilder build)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var properties = new List<KeyValuePair<string, object?>>();
                    foreach (JsonProperty property in element.EnumerateObject())
                    {
                        properties.Add(new KeyValuePair<string, object?>(property.Name, ToObject(property.Value, build)));
                    }

                    return build(properties);
                case JsonValueKind.Array:
                    var items = new object?[element.GetArrayLength()];
                    int i = 0;
                    foreach (JsonElement item in element.EnumerateArray())
                    {
                        items[i++] = ToObject(item, build);
                    }

                    return items;
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    // Two returns on purpose: one conditional expression would make every number a double.
                    if (element.TryGetInt64(out long integer))
                    {
                        return integer;
                    }

                    return element.GetDouble();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }

        /// <summary>
        /// The named member of a JSON object body (kvmd's "result", PVE's "data"), detached from its document; false for
        /// anything that is not a JSON object with that member.
        /// </summary>
        public static bool TryMember(byte[] body, string name, out JsonElement member)
        {
            member = default;
            try
            {
                using (JsonDocument document = JsonDocument.Parse(body))
                {
                    if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out JsonElement found))
                    {
                        member = found.Clone();
                        return true;
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON: the caller reports an invalid answer.
            }

            return false;
        }

        /// <summary>The element at a dotted path of object properties, or null when any step is missing or null.</summary>
        public static JsonElement? At(JsonElement element, params string[] path)
        {
            foreach (string name in path)
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element) || element.ValueKind == JsonValueKind.Null)
                {
                    return null;
                }
            }

            return element;
        }

        public static string? String(JsonElement element, params string[] path) =>
            At(element, path) is JsonElement value ? (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()) : null;

        public static double? Number(JsonElement element, params string[] path) =>
            At(element, path) is JsonElement value && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : (double?)null;

        /// <summary>A boolean as PVE writes them, depending on endpoint and version: true/false, 0/1, or "0"/"1"; null when absent.</summary>
        public static bool? Flag(JsonElement element, params string[] path) => At(element, path) is JsonElement value
            ? value.ValueKind == JsonValueKind.True
              || (value.ValueKind == JsonValueKind.Number && value.GetDouble() != 0)
              || (value.ValueKind == JsonValueKind.String && (value.GetString() == "1" || value.GetString() == "true"))
            : (bool?)null;
    }
}
