using System.Net;
using System.Net.Sockets;
using System.Diagnostics;
using KvmPve.Errors;

namespace KvmPve.Core.Tests;

[Collection(TimingSensitive.Name)]
public class ErrorMappingTests : SimulatorTest
{
    [Fact]
    public async Task A_400_envelope_keeps_kvmds_error_class_and_text()
    {
        using PiKvmSession session = await Connect();
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.InvokeAsync("GET", "info", new System.Collections.Hashtable { ["fields"] = "bogus" }, null, CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal("PiKvmValidator", ex.ErrorId);
        Assert.Equal("ValidatorError", ex.ServerError);
        Assert.Equal(400, ex.StatusCode);
        Assert.Contains("The argument 'bogus' must be info field", ex.Message);
    }

    // kvmd's real answers (tests/Fixtures/pikvm, captured from kvmd v4.132): the error class decides the category.
    [Theory]
    [InlineData("error.MsdUnknownImageError.json", 400, ErrorKind.ObjectNotFound, "PiKvmMsdImageNotFound")]
    [InlineData("error.MsdImageExistsError.json", 400, ErrorKind.ResourceExists, "PiKvmMsdImageExists")]
    [InlineData("error.MsdConnectedError.json", 400, ErrorKind.InvalidOperation, "PiKvmMsdConnected")]
    [InlineData("error.MsdDisconnectedError.json", 400, ErrorKind.InvalidOperation, "PiKvmMsdDisconnected")]
    [InlineData("error.AtxDisabledError.json", 400, ErrorKind.ResourceUnavailable, "PiKvmAtxDisabled")]
    [InlineData("error.GpioChannelNotFoundError.json", 400, ErrorKind.ObjectNotFound, "PiKvmGpioChannelNotFound")]
    [InlineData("error.snapshot-no-signal.503.json", 503, ErrorKind.ResourceUnavailable, "PiKvmUnavailable")]
    public async Task Kvmds_error_classes_map_to_categories(string fixture, int status, ErrorKind kind, string id)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(File.ReadAllText(Paths.Fixture("pikvm", fixture))) };
        KvmPveException ex = await KvmPve.PiKvm.PiKvmErrors.FromResponseAsync(response, "kvm", "POST", "/api/x");
        Assert.Equal((kind, id, status), (ex.Kind, ex.ErrorId, ex.StatusCode));
        Assert.Contains(ex.ServerError!, ex.Message);
    }

    [Theory]
    [InlineData("MsdIsBusyError", ErrorKind.ResourceBusy)]
    [InlineData("GpioChannelIsBusyError", ErrorKind.ResourceBusy)]
    [InlineData("MsdDriveLockedError", ErrorKind.ResourceBusy)]
    [InlineData("MsdDisabledError", ErrorKind.ResourceUnavailable)]
    [InlineData("MsdOfflineError", ErrorKind.ResourceUnavailable)]
    [InlineData("GpioSwitchNotSupported", ErrorKind.ResourceUnavailable)]
    [InlineData("MsdImageNotSelected", ErrorKind.InvalidOperation)]
    [InlineData("ValidatorError", ErrorKind.InvalidArgument)]
    public void Kvmds_other_error_families_map_by_their_class(string errorClass, ErrorKind kind) =>
        Assert.Equal(kind, KvmPve.PiKvm.KvmdErrorClasses.KindOf(errorClass));

    [Fact]
    public async Task A_403_after_connect_is_an_authentication_error()
    {
        using PiKvmSession session = await Connect(PiKvmAuthMode.Header);
        Sim.PiKvm.Options.Users["admin"] = "changed";
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.GetInfoAsync(null, CancellationToken.None));
        Assert.Equal(ErrorKind.AuthenticationError, ex.Kind);
        Assert.Equal("PiKvmAuthenticationFailed", ex.ErrorId);
        Assert.Equal(403, ex.StatusCode);
        Assert.Contains("Connect-PiKvm", ex.Message);
    }

    [Fact]
    public async Task A_plain_text_404_is_object_not_found_with_the_servers_text()
    {
        using PiKvmSession session = await Connect();
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.InvokeAsync("GET", "/api/no/such/thing", null, null, CancellationToken.None));
        Assert.Equal(ErrorKind.ObjectNotFound, ex.Kind);
        Assert.Equal("PiKvmNotFound", ex.ErrorId);
        Assert.Contains("404: Not Found", ex.Message);
        Assert.Contains("/api/no/such/thing", ex.Message);
    }

    [Fact]
    public async Task A_plain_text_405_is_reported_with_its_text()
    {
        using PiKvmSession session = await Connect();
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.InvokeAsync("POST", "info", null, null, CancellationToken.None));
        Assert.Equal("PiKvmMethodNotAllowed", ex.ErrorId);
        Assert.Contains("405: Method Not Allowed", ex.Message);
    }

    [Fact]
    public async Task A_disabled_log_reader_is_its_own_error()
    {
        using PiKvmSession session = await Connect();
        Sim.PiKvm.Options.LogReaderEnabled = false;
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.ReadLogAsync(null, false, _ => { }, CancellationToken.None));
        Assert.Equal("PiKvmLogReaderDisabled", ex.ErrorId);
        Assert.Contains("LogReader is disabled", ex.Message);
    }

    [Fact]
    public async Task A_refused_connection_is_a_connection_error()
    {
        int port = FreePort();
        PiKvmConnectOptions options = Options();
        options.Server = $"127.0.0.1:{port}";
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => PiKvmSession.ConnectAsync(options, CancellationToken.None));
        Assert.Equal(ErrorKind.ConnectionError, ex.Kind);
        Assert.Equal("PiKvmConnectionFailed", ex.ErrorId);
        Assert.Contains($"127.0.0.1:{port}", ex.Message);
    }

    [Fact]
    public async Task A_host_that_never_answers_fails_within_the_timeout_as_a_connection_error()
    {
        // Accepts TCP and then says nothing, like a black-holed or wedged host.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<TcpClient>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                try
                {
                    accepted.Add(await silent.AcceptTcpClientAsync());
                }
                catch
                {
                    return;
                }
            }
        });
        PiKvmConnectOptions options = Options();
        options.Server = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        options.Timeout = TimeSpan.FromSeconds(1);
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => PiKvmSession.ConnectAsync(options, CancellationToken.None));
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 3);
        Assert.Equal(ErrorKind.ConnectionError, ex.Kind);
        Assert.Contains("within 1 s", ex.Message);
        silent.Stop();
    }

    [Fact]
    public async Task A_slow_answer_is_an_operation_timeout()
    {
        PiKvmConnectOptions options = Options(PiKvmAuthMode.Header);
        options.Timeout = TimeSpan.FromSeconds(1);
        using PiKvmSession session = await PiKvmSession.ConnectAsync(options, CancellationToken.None);
        Sim.ResponseDelay = TimeSpan.FromSeconds(3);
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.GetInfoAsync(null, CancellationToken.None));
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 2.5);
        Assert.Equal(ErrorKind.OperationTimeout, ex.Kind);
        Assert.Equal("PiKvmTimeout", ex.ErrorId);
        Assert.Contains("/api/info", ex.Message);
    }

    [Fact]
    public async Task Cancellation_is_not_reported_as_a_timeout()
    {
        using PiKvmSession session = await Connect(PiKvmAuthMode.Header);
        Sim.ResponseDelay = TimeSpan.FromSeconds(3);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.GetInfoAsync(null, cancel.Token));
    }

    [Fact]
    public async Task A_non_kvmd_answer_is_an_invalid_result()
    {
        using PiKvmSession session = await Connect();
        var ex = Assert.Throws<KvmPveException>(() => session.Client.ResultOf("<html>hello</html>"u8.ToArray(), HttpMethod.Get, "/api/info"));
        Assert.Equal(ErrorKind.InvalidResult, ex.Kind);
    }

    internal static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

public class EnvelopeTests
{
    [Theory]
    [InlineData("{\"ok\": false, \"result\": {\"error\": \"AtxIsBusyError\", \"error_msg\": \"Performing another ATX operation\"}}", "AtxIsBusyError", "Performing another ATX operation")]
    [InlineData("404: Not Found", null, null)]
    [InlineData("{not json", null, null)]
    [InlineData("{\"data\": null}", null, null)]
    [InlineData("", null, null)]
    public void Error_bodies_are_read_whatever_they_are(string body, string? errorClass, string? message)
    {
        (string? c, string? m) = PiKvm.PiKvmErrors.ParseEnvelope(body);
        Assert.Equal(errorClass, c);
        Assert.Equal(message, m);
    }
}
