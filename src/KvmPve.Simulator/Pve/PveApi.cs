using KvmPve.Pve;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace KvmPve.Simulator.Pve;

/// <summary>
/// The fake Proxmox VE cluster under <c>/api2/json</c>: the official schema finds the endpoint and checks every
/// parameter (400 with per-parameter errors, as PVE does); endpoints the simulator does not implement answer 501.
/// </summary>
public sealed partial class PveApi
{
    public const string Prefix = "/api2/json";
    private readonly PveSchema? _schema;
    private readonly PveAuth _auth;
    private readonly Dictionary<string, Func<PveRequest, Task>> _handlers = new(StringComparer.Ordinal);

    internal PveApi(PveSimulatorOptions options)
    {
        Options = options;
        _auth = new PveAuth(options);
        _schema = options.CheckSchema ? PveSchema.Embedded : null;
        Handle("POST", "/access/ticket", _auth.CreateTicket);
        Handle("GET", "/access/ticket", r => PveResponse.Data(r.Context, null));
        Handle("GET", "/version", r => PveResponse.Data(r.Context, new JsonObject { ["version"] = "9.1.1", ["release"] = "9.1", ["repoid"] = "d2a8e1f4" }));
        Handle("GET", "/cluster/status", ClusterStatus);
        Handle("GET", "/nodes", Nodes);
        Cluster = new PveCluster(options);
        MapGuests();
        MapSnapshots();
        MapConfig();
        MapLifecycle();
        MapStorage();
        MapAgent();
        MapAccess();
        MapPools();
        MapDisks();
        MapRestore();
        MapConsole();
    }

    public PveCluster Cluster { get; }

    public PveSimulatorOptions Options { get; }

    public bool ChecksSchema => _schema != null;

    /// <summary>Requests the schema refused, as "METHOD path: parameter: reason" — a test fails on the first.</summary>
    public ConcurrentQueue<string> SchemaViolations { get; } = new();

    public IReadOnlyCollection<string> TicketValues => _auth.TicketValues;

    /// <summary>Every authenticated call with its parameters (logins are left out: they carry passwords).</summary>
    public ConcurrentQueue<(string Verb, string Path, IReadOnlyDictionary<string, List<string>> Parameters)> Calls { get; } = new();

    public void ForgetTickets() => _auth.ForgetTickets();

    internal async Task DispatchAsync(HttpContext context)
    {
        string path = context.Request.Path.Value![Prefix.Length..];
        string verb = context.Request.Method.ToUpperInvariant();
        PveSchemaMethod? method = null;
        var pathParameters = new Dictionary<string, string>();
        if (_schema != null)
        {
            PveSchemaEndpoint? endpoint = _schema.Match(path, out pathParameters);
            if (endpoint == null || !endpoint.Methods.TryGetValue(verb, out method))
            {
                SchemaViolations.Enqueue($"{verb} {path}: no such endpoint in the schema");
                await PveResponse.Error(context, 501, $"Method '{verb} {path}' not implemented");
                return;
            }
        }

        string template = method?.Path ?? path;
        Dictionary<string, List<string>> parameters = await PveRequest.ReadParametersAsync(context.Request);
        string? user = null;
        bool isToken = false;
        if (!(verb == "POST" && template == "/access/ticket"))
        {
            (user, isToken) = await _auth.AuthenticateAsync(context, method);
            if (user == null || context.Response.HasStarted)
            {
                return;
            }
        }

        // pveproxy takes an upload's multipart body once the request is authenticated; its fields become parameters.
        if (context.Request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true
            && await ReadUploadAsync(context, parameters) is string uploadError)
        {
            await PveResponse.Error(context, 400, uploadError);
            return;
        }

        foreach ((string name, string value) in pathParameters)
        {
            parameters[name] = [value];
        }

        if (user != null)
        {
            Calls.Enqueue((verb, path, parameters));
        }

        if (method != null)
        {
            Dictionary<string, string> errors = method.Check(parameters);
            if (errors.Count > 0)
            {
                foreach ((string name, string error) in errors)
                {
                    SchemaViolations.Enqueue($"{verb} {path}: {name}: {error}");
                }

                var body = new JsonObject();
                foreach ((string name, string error) in errors)
                {
                    body[name] = error + "\n";
                }

                await PveResponse.Error(context, 400, "Parameter verification failed.", body);
                return;
            }
        }

        // pveproxy forwards node requests; an unknown node fails the lookup, an unreachable one gives 595.
        if (parameters.TryGetValue("node", out List<string>? node) && template.StartsWith("/nodes/", StringComparison.Ordinal))
        {
            if (!PveCluster.Nodes.Contains(node[0]))
            {
                await PveResponse.Error(context, 500, $"hostname lookup '{node[0]}' failed - failed to get address info for: {node[0]}: Name or service not known");
                return;
            }

            if (Options.OfflineNodes.Contains(node[0]))
            {
                await PveResponse.Error(context, 595, "No route to host");
                return;
            }
        }

        if (!_handlers.TryGetValue(verb + " " + template, out Func<PveRequest, Task>? handler))
        {
            await PveResponse.Error(context, 501, $"Method '{verb} {path}' not implemented in the KvmPve simulator");
            return;
        }

        var request = new PveRequest(context, method, parameters, user, isToken);
        if (user != null && method != null && await ForbiddenAsync(context, method, parameters, request))
        {
            return;
        }

        await handler(request);
    }

    private void Handle(string verb, string template, Func<PveRequest, Task> handler) => _handlers[verb + " " + template] = handler;

    private bool Refused(PveRequest request, string path, string privilege, out Task refusal)
    {
        refusal = Task.CompletedTask;
        if (request.User != null && Options.WithoutPrivileges.Contains(request.User))
        {
            refusal = PveResponse.Error(request.Context, 403, $"Permission check failed ({path}, {privilege})");
            return true;
        }

        return false;
    }

    private Task ClusterStatus(PveRequest request)
    {
        if (Refused(request, "/", "Sys.Audit", out Task refusal))
        {
            return refusal;
        }

        var data = new JsonArray
        {
            new JsonObject { ["type"] = "cluster", ["id"] = "cluster", ["name"] = Options.ClusterName, ["nodes"] = 2, ["quorate"] = 1, ["version"] = 2 },
            new JsonObject { ["type"] = "node", ["id"] = "node/pve1", ["name"] = "pve1", ["nodeid"] = 1, ["online"] = 1, ["local"] = 1, ["ip"] = "10.0.0.11", ["level"] = "" },
            new JsonObject { ["type"] = "node", ["id"] = "node/pve2", ["name"] = "pve2", ["nodeid"] = 2, ["online"] = 1, ["local"] = 0, ["ip"] = "10.0.0.12", ["level"] = "" },
        };
        return PveResponse.Data(request.Context, data);
    }

    private Task Nodes(PveRequest request)
    {
        if (Refused(request, "/nodes", "Sys.Audit", out Task refusal))
        {
            return refusal;
        }

        JsonObject Node(string name, double cpu, long mem) => new()
        {
            ["node"] = name, ["id"] = "node/" + name, ["type"] = "node", ["status"] = Options.OfflineNodes.Contains(name) ? "offline" : "online", ["cpu"] = cpu, ["maxcpu"] = 16,
            ["mem"] = mem, ["maxmem"] = 67_345_563_648L, ["disk"] = 9_876_543_210L, ["maxdisk"] = 100_861_726_720L,
            ["uptime"] = 864_000, ["level"] = "", ["ssl_fingerprint"] = "AA:BB",
        };
        return PveResponse.Data(request.Context, new JsonArray { Node("pve1", 0.0421, 21_474_836_480L), Node("pve2", 0.1113, 30_064_771_072L) });
    }
}
