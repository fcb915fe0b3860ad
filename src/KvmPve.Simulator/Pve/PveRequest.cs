using KvmPve.Pve;
namespace KvmPve.Simulator.Pve;

/// <summary>One API call as the fake PVE sees it after authentication and the schema check.</summary>
internal sealed record PveRequest(HttpContext Context, PveSchemaMethod? Method, IReadOnlyDictionary<string, List<string>> Parameters, string? User, bool IsToken)
{
    public string? Get(string name) => Parameters.TryGetValue(name, out List<string>? values) ? values[0] : null;

    /// <summary>
    /// pve-http-server's parameter parsing: query string, plus the form body for POST/PUT, whose parser also
    /// splits on ';' — a client must percent-encode it.
    /// </summary>
    public static async Task<Dictionary<string, List<string>>> ReadParametersAsync(HttpRequest request)
    {
        var parameters = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        Add(parameters, request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty);
        if (request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var reader = new StreamReader(request.Body);
            Add(parameters, await reader.ReadToEndAsync());
        }

        return parameters;
    }

    private static void Add(Dictionary<string, List<string>> parameters, string encoded)
    {
        foreach (string pair in encoded.Split(['&', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=');
            string key = Decode(equals < 0 ? pair : pair[..equals]);
            string value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            if (!parameters.TryGetValue(key, out List<string>? values))
            {
                parameters[key] = values = [];
            }

            values.Add(value);
        }
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
