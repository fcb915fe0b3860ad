using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using KvmPve.Simulator.PiKvm;
using KvmPve.Simulator.Pve;
using KvmPve.Transport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace KvmPve.Simulator.Hosting;

/// <summary>
/// The simulator on loopback over HTTPS with a fresh self-signed certificate: kvmd under <c>/api</c>, a
/// Proxmox VE cluster under <c>/api2/json</c>.
/// Tests start one in-process on a free port; <c>dotnet run</c> starts one for people.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _connections;
    private long _delayMilliseconds;

    private SimulatorHost(WebApplication app, X509Certificate2 certificate, KvmdApi piKvm, PveApi pve)
    {
        _app = app;
        Certificate = certificate;
        PiKvm = piKvm;
        Pve = pve;
    }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>host:port, as a user would type it after -Server.</summary>
    public string Server => $"{BaseUri.Host}:{BaseUri.Port}";

    public X509Certificate2 Certificate { get; }

    public string Thumbprint => TlsPolicy.Sha256Thumbprint(Certificate);

    public KvmdApi PiKvm { get; }

    public PveApi Pve { get; }

    /// <summary>Every request, in arrival order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>TCP connections accepted since start.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>A pause before every answer, to stage slow servers and timeouts.</summary>
    public TimeSpan ResponseDelay
    {
        get => TimeSpan.FromMilliseconds(Interlocked.Read(ref _delayMilliseconds));
        set => Interlocked.Exchange(ref _delayMilliseconds, (long)value.TotalMilliseconds);
    }

    public static async Task<SimulatorHost> StartAsync(PiKvmSimulatorOptions? piKvmOptions = null, int port = 0, IPAddress? address = null, PveSimulatorOptions? pveOptions = null)
    {
        X509Certificate2 certificate = SelfSignedCertificate.Create("pikvm-sim");
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        SimulatorHost? host = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // PiKVM's nginx lets multi-gigabyte ISOs through to /api/msd/write.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(address ?? IPAddress.Loopback, port, listen =>
            {
                listen.Use(next => connection =>
                {
                    Interlocked.Increment(ref host!._connections);
                    return next(connection);
                });
                listen.UseHttps(certificate);
            });
        });

        WebApplication app = builder.Build();
        app.UseWebSockets();
        var router = new Router();
        var piKvm = new KvmdApi(piKvmOptions ?? new PiKvmSimulatorOptions(), router);
        var pve = new PveApi(pveOptions ?? new PveSimulatorOptions());
        host = new SimulatorHost(app, certificate, piKvm, pve);
        // Outside kvmd's /api: lets tests in another process (Pester) see what reached the server.
        router.Map("GET", "/_simulator/requests", context => context.Response.WriteAsJsonAsync(host.Requests.ToArray()));
        router.Map("GET", "/_simulator/connections", context => context.Response.WriteAsJsonAsync(new { connections = host.Connections }));
        router.Map("GET", "/_simulator/pikvm/hid", context => context.Response.WriteAsJsonAsync(new { keys = host.PiKvm.Hid.KeyEvents.ToArray(), mouse = host.PiKvm.Hid.MouseEvents.ToArray() }));
        // An event stamped with when it went out, so a client in another process can measure how long it took.
        router.Map("POST", "/_simulator/pikvm/events/stamp", context =>
        {
            host.PiKvm.Events.Publish("stamp", new System.Text.Json.Nodes.JsonObject { ["at"] = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10 });
            return context.Response.WriteAsJsonAsync(new { stamped = true });
        });
        router.Map("POST", "/_simulator/pikvm/events/drop", context =>
        {
            host.PiKvm.Events.DropAll();
            return context.Response.WriteAsJsonAsync(new { dropped = true });
        });
        router.Map("GET", "/_simulator/pve/violations", context => context.Response.WriteAsJsonAsync(host.Pve.SchemaViolations.ToArray()));
        // Like pve-mock's POST /task-duration: tasks started afterwards (of a type, a guest, or both) run that long.
        router.Map("POST", "/_simulator/pve/task-duration", context =>
        {
            string? type = context.Request.Query["type"].FirstOrDefault();
            int? vmId = int.TryParse(context.Request.Query["vmid"].FirstOrDefault(), out int id) ? id : null;
            TimeSpan duration = TimeSpan.FromSeconds(double.Parse(context.Request.Query["seconds"].ToString(), System.Globalization.CultureInfo.InvariantCulture));
            host.Pve.Options.TaskDurations[(type, vmId)] = duration;
            return context.Response.WriteAsJsonAsync(new { type, vmid = vmId, seconds = duration.TotalSeconds });
        });
        // How long after its agent answers a guest's DHCP address comes (Wait-PveGuestIp's tests and benchmark).
        router.Map("POST", "/_simulator/pve/guest-ip-delay", context =>
        {
            int vmId = int.Parse(context.Request.Query["vmid"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            host.Pve.Options.GuestIpDelays[vmId] = TimeSpan.FromSeconds(double.Parse(context.Request.Query["seconds"].ToString(), System.Globalization.CultureInfo.InvariantCulture));
            return context.Response.WriteAsJsonAsync(new { vmid = vmId });
        });
        router.Map("GET", "/_simulator/pve/consoles", context => context.Response.WriteAsJsonAsync(new { vnc = host.Pve.OpenVncSockets, text = host.Pve.OpenTermSockets }));
        router.Map("GET", "/_simulator/pve/keys", context => context.Response.WriteAsJsonAsync(host.Pve.SentKeys.ToDictionary(k => k.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), k => k.Value.ToArray())));
        router.Map("GET", "/_simulator/pve/tasks", context => context.Response.WriteAsJsonAsync(new { mostRunningAtOnce = host.Pve.Cluster.MostTasksRunningAtOnce() }));
        app.Run(async context =>
        {
            if (context.Request.Path.StartsWithSegments("/_simulator", StringComparison.Ordinal))
            {
                await router.DispatchAsync(context);
                return;
            }

            host.Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? string.Empty, context.Request.ContentLength, context.Request.Headers.Keys.ToList(), DateTimeOffset.UtcNow));
            TimeSpan delay = host.ResponseDelay;
            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            if (context.Request.Path.StartsWithSegments(PveApi.Prefix, StringComparison.Ordinal))
            {
                await pve.DispatchAsync(context);
                return;
            }

            await router.DispatchAsync(context);
        });

        await app.StartAsync();
        string address0 = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.BaseUri = new Uri(address0.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TimeSpan.FromSeconds(2));
        await PiKvm.DisposeAsync();
        await _app.DisposeAsync();
        Certificate.Dispose();
    }
}
