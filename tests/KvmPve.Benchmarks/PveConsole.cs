using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KvmPve.Simulator.Hosting;
using KvmPve.Simulator.Pve;

namespace KvmPve.Benchmarks;

/// <summary>
/// VM consoles against a real QEMU (firmware screen): a full-screen capture straight from QEMU's VNC and through the
/// bridge (vncproxy + vncwebsocket through the simulator), the added latency and the throughput; Save-PveVmScreenshot's
/// whole path. Skipped, saying so, where QEMU is not installed.
/// </summary>
internal static class PveConsole
{
    public static async Task RunAsync(int rounds)
    {
        string? qemu = Environment.GetEnvironmentVariable("PATH")?.Split(':').Select(d => Path.Combine(d, "qemu-system-x86_64")).FirstOrDefault(File.Exists);
        if (qemu == null)
        {
            Console.WriteLine("VM console: skipped, qemu-system-x86_64 is not installed (apt-get install qemu-system-x86).");
            return;
        }

        int port = FreePort();
        string qmp = Path.Combine(Path.GetTempPath(), $"kvmpve-bench-{Guid.NewGuid():N}.qmp");
        using Process process = Process.Start(new ProcessStartInfo(qemu, ["-accel", "tcg", "-m", "64", "-display", "none", "-nodefaults", "-vga", "std", "-vnc", $"127.0.0.1:{port - 5900},password=on", "-qmp", $"unix:{qmp},server=on,wait=off"]) { RedirectStandardError = true })!;
        try
        {
            while (!File.Exists(qmp))
            {
                await Task.Delay(50);
            }

            var options = new PveSimulatorOptions();
            options.VncServers[100] = new SimVncServer("127.0.0.1", port, qmp);
            await using SimulatorHost sim = await SimulatorHost.StartAsync(pveOptions: options);
            using PveSession session = await Sessions.PveAsync(sim);
            PveVm vm = (await session.GetVmsAsync(new PveVmQuery { VmId = [100] }, _ => { }, CancellationToken.None)).Single();
            await Task.Delay(2000); // the firmware's screen settles

            // Each round a new viewer: QEMU answers a fresh connection's first request at once, while on a kept
            // connection its adaptive refresh timer (up to 3 s when the screen is idle) decides, not the path.
            await QemuQmp.SetVncPasswordAsync(qmp, "direct!!");
            (List<double> directConnect, List<double> directCapture, int width, int height) = await ViewerTimesAsync(port, "direct!!", rounds);
            PveConsoleBridge bridge = await session.OpenConsoleBridgeAsync(vm, 0, CancellationToken.None);
            (List<double> bridgeConnect, List<double> bridgeCapture, _, _) = await ViewerTimesAsync(bridge.Port, new System.Net.NetworkCredential(string.Empty, bridge.Password).Password, rounds);
            bridge.Dispose();

            double bytes = width * height * 4.0;
            double dc = Statistics.Median(directConnect), bc = Statistics.Median(bridgeConnect);
            double d = Statistics.Median(directCapture), b = Statistics.Median(bridgeCapture);
            Console.WriteLine($"VM console, real QEMU {width}x{height}, a new viewer each round, median of {rounds}:");
            Console.WriteLine($"  connect + authenticate: straight to QEMU {dc,6:F1} ms; through the bridge {bc,6:F1} ms (+{bc - dc:F1} ms: vncproxy, WebSocket upgrade, two RFB handshakes)");
            Console.WriteLine($"  full-screen raw update ({bytes / 1e6:F2} MB): straight {d,6:F1} ms ({bytes / d / 1e3:F0} MB/s); through the bridge {b,6:F1} ms ({bytes / b / 1e3:F0} MB/s), +{b - d:F1} ms");

            var shots = new List<double>();
            string file = Path.Combine(Path.GetTempPath(), $"kvmpve-bench-{Guid.NewGuid():N}.png");
            for (int i = 0; i < rounds; i++)
            {
                shots.Add((await session.SaveScreenshotAsync(vm, file, CancellationToken.None)).Elapsed.TotalMilliseconds);
            }

            File.Delete(file);
            Console.WriteLine($"  Save-PveVmScreenshot (vncproxy, WebSocket, RFB, PNG) of {width}x{height}: median {Statistics.Median(shots):F0} ms");
        }
        finally
        {
            process.Kill();
            File.Delete(qmp);
        }
    }

    private static async Task<(List<double> Connect, List<double> Capture, int Width, int Height)> ViewerTimesAsync(int port, string password, int rounds)
    {
        var connect = new List<double>();
        var capture = new List<double>();
        int width = 0, height = 0;
        for (int i = 0; i <= rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            using var tcp = new TcpClient("127.0.0.1", port) { NoDelay = true };
            RfbClient client = await RfbClient.ConnectAsync(tcp.GetStream(), password, CancellationToken.None);
            double connected = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            await client.CaptureAsync(CancellationToken.None);
            if (i > 0)
            {
                // The first round warms up (JIT, TLS session).
                connect.Add(connected);
                capture.Add(watch.Elapsed.TotalMilliseconds);
            }

            (width, height) = (client.Width, client.Height);
        }

        return (connect, capture, width, height);
    }

    private static int FreePort()
    {
        for (int port = 5951; port < 6000; port++)
        {
            try
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("No free VNC port between 5951 and 5999.");
    }
}
