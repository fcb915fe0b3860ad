using KvmPve.Simulator.Pve;
using System.Text.Json;
using KvmPve.Errors;
using KvmPve.Pve;
using KvmPve.Security;
using KvmPve.Transport;

namespace KvmPve.Core.Tests;

public class PveErrorTests : PveTest
{
    [Fact]
    public async Task The_schema_check_is_on_and_catches_an_invalid_request()
    {
        Assert.True(Sim.Pve.ChecksSchema);
        using PveSession session = await ConnectPve();
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.InvokeAsync("GET", "version", new System.Collections.Hashtable { ["bogus"] = 1 }, CancellationToken.None, skipSchemaCheck: true));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal("PveBadRequest", ex.ErrorId);
        Assert.Contains("Parameter verification failed. (bogus: property is not defined in schema", ex.Message);
        Assert.Contains("GET /version: bogus", Assert.Single(Sim.Pve.SchemaViolations));
        ForgiveSchemaViolations();
    }

    [Fact]
    public async Task Booleans_travel_as_1_and_0_and_wrong_types_are_refused_like_pve_does()
    {
        using PveSession session = await ConnectPve();
        // limit must be an integer >= 0 on the task log endpoint.
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.InvokeAsync("GET", "nodes/pve1/tasks/UPID:pve1:00000001:00000002:00000003:qmstart:100:root@pam:/log",
            new System.Collections.Hashtable { ["limit"] = -1, ["download"] = false }, CancellationToken.None, skipSchemaCheck: true));
        Assert.Contains("limit: value must have a minimum value of 0", ex.Message);
        Assert.DoesNotContain("download", ex.Message);
        Assert.Contains(Sim.Requests, r => r.Query.Contains("download=0", StringComparison.Ordinal));
        ForgiveSchemaViolations();
    }

    [Fact]
    public async Task A_permission_failure_is_permission_denied_with_the_servers_text()
    {
        using PveSession session = await ConnectPve("auditor@pve", "auditor");
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.InvokeAsync("GET", "nodes", null, CancellationToken.None));
        Assert.Equal(ErrorKind.PermissionDenied, ex.Kind);
        Assert.Equal("PveForbidden", ex.ErrorId);
        Assert.Contains("Permission check failed (/nodes, Sys.Audit)", ex.Message);
    }

    [Fact]
    public async Task A_path_outside_the_api_is_not_implemented()
    {
        using PveSession session = await ConnectPve();
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.InvokeAsync("GET", "no/such/path", null, CancellationToken.None, skipSchemaCheck: true));
        Assert.Equal("PveNotImplemented", ex.ErrorId);
        Assert.Contains("Method 'GET /no/such/path' not implemented", ex.Message);
        ForgiveSchemaViolations();
    }

    [Fact]
    public async Task Arrays_travel_as_repeated_keys()
    {
        var pairs = QueryString.Pairs(new System.Collections.Hashtable { ["vmid"] = new[] { 100, 101 }, ["force"] = true }, listsAsRepeatedKeys: true);
        Assert.Equal([("force", "1"), ("vmid", "100"), ("vmid", "101")], pairs.Select(p => (p.Key, p.Value)).Order());
        Assert.Equal("/x?a=1%3B2&a=%3D%26%2B", QueryString.Append("/x", [new("a", "1;2"), new("a", "=&+")]));
        using PveSession session = await ConnectPve();
        Assert.NotNull(await session.InvokeAsync("GET", "/api2/json/nodes", null, CancellationToken.None));
        Assert.Contains(Sim.Requests, r => r.Path == "/api2/json/nodes");
    }

    [Fact]
    public async Task Data_comes_back_as_objects()
    {
        using PveSession session = await ConnectPve();
        var nodes = Assert.IsType<object?[]>(await session.InvokeAsync("get", "nodes", null, CancellationToken.None));
        Assert.Equal(["pve1", "pve2"], nodes.Cast<Dictionary<string, object?>>().Select(n => n["node"]));
    }

    [Theory]
    [InlineData("error-400-param.json", "Parameter verification failed. (ipconfig0: invalid format - format error; ipconfig0.gw: invalid format - value does not look like a valid IPv4 address; vmid: invalid format - value does not look like a valid VM ID)")]
    [InlineData("error-403-permission.json", "Permission check failed (/vms/100, VM.PowerMgmt)")]
    [InlineData("error-500-message.json", "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist")]
    [InlineData("error-401-invalid-ticket.json", "permission denied - invalid PVE ticket")]
    [InlineData("error-595-proxy.json", "No route to host")]
    public void Real_error_answers_keep_the_servers_text(string fixture, string expected)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("pve", fixture)));
        string reason = document.RootElement.GetProperty("reason").GetString()!;
        Assert.Equal(expected, PveErrors.Detail(reason, document.RootElement.GetProperty("body").GetRawText()));
    }
}

public class PveInputTests : PveTest
{
    [Theory]
    [InlineData("")]
    [InlineData("root pam")]
    [InlineData("root@pam!token")]
    public async Task A_bad_user_name_fails_before_any_request(string user)
    {
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => ConnectPve(user));
        Assert.Equal("PveInvalidUserName", ex.ErrorId);
        Assert.Equal(0, Sim.Connections);
    }

    [Theory]
    [InlineData("root@pam")]
    [InlineData("root@pam!")]
    [InlineData("automation!token")]
    public async Task A_bad_token_id_fails_before_any_request(string id)
    {
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => PveSession.ConnectAsync(PveOptions(id, "x", PveAuthMethod.ApiToken), CancellationToken.None));
        Assert.Equal("PveInvalidTokenId", ex.ErrorId);
        Assert.Contains("user@realm!tokenid", ex.Message);
        Assert.Equal(0, Sim.Connections);
    }

    [Fact]
    public async Task A_bad_realm_or_path_fails_before_any_request()
    {
        PveConnectOptions options = PveOptions("root");
        options.Realm = "p m";
        Assert.Equal("PveInvalidRealm", (await Assert.ThrowsAsync<KvmPveException>(() => PveSession.ConnectAsync(options, CancellationToken.None))).ErrorId);
        Assert.Equal(0, Sim.Connections);
        using PveSession session = await ConnectPve();
        int before = Sim.Requests.Count;
        Assert.Equal("PveInvalidPath", (await Assert.ThrowsAsync<KvmPveException>(() => session.InvokeAsync("GET", "nodes?x=1", null, CancellationToken.None))).ErrorId);
        Assert.Equal("PveInvalidMethod", (await Assert.ThrowsAsync<KvmPveException>(() => session.InvokeAsync("PATCH", "nodes", null, CancellationToken.None))).ErrorId);
        Assert.Equal(before, Sim.Requests.Count);
    }

    [Fact]
    public void The_port_defaults_to_8006_and_can_be_changed()
    {
        Assert.Equal(8006, ServerAddress.Parse("pve1", PveConnectOptions.DefaultPort).BaseUri.Port);
        Assert.Equal(443, ServerAddress.Parse("pve1:443", PveConnectOptions.DefaultPort).BaseUri.Port);
    }

    [Fact]
    public async Task One_connection_serves_every_call_of_a_session()
    {
        using PveSession session = await ConnectPve();
        for (int i = 0; i < 50; i++)
        {
            await session.GetVersionAsync(CancellationToken.None);
        }

        Assert.Equal(1, Sim.Connections);
    }
}

public class PveSecretLeakTests : PveTest
{
    private const string TotpSecret = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU";

    [Fact]
    public async Task No_password_ticket_csrf_token_or_totp_secret_appears_in_messages_or_verbose_text()
    {
        Sim.Pve.Options.Users["carol@pve"] = "Carol-secret-9";
        Sim.Pve.Options.TotpSecrets["carol@pve"] = TotpSecret;
        Sim.Pve.Options.Acls["carol@pve"] = [new SimAcl("/", SimRoles.Administrator)];
        string tokenSecret = Sim.Pve.Options.Tokens["root@pam!automation"];
        var seen = new List<string>();
        var tickets = new List<string>();
        async Task Observe(Func<Task> action)
        {
            try
            {
                await action();
            }
            catch (Exception ex)
            {
                seen.Add(ex.ToString());
                seen.Add((ex as KvmPveException)?.ErrorId ?? string.Empty);
            }
        }

        using (RequestLog.Capture(seen.Add))
        {
            PveConnectOptions carol = PveOptions("carol@pve", "Carol-secret-9");
            carol.TotpSecret = SecretText.FromString(TotpSecret);
            await Observe(async () =>
            {
                using PveSession session = await PveSession.ConnectAsync(carol, CancellationToken.None);
                tickets.AddRange(Sim.Pve.TicketValues);
                seen.Add(string.Join("|", typeof(PveSession).GetProperties().Select(p => p.GetValue(session)?.ToString())));
                await Observe(() => session.InvokeAsync("GET", "version", new System.Collections.Hashtable { ["x"] = 1 }, CancellationToken.None, skipSchemaCheck: true));
                await Observe(() => session.InvokeAsync("GET", "nodes", null, CancellationToken.None));
                // The preflight's privileges are read before the first change; read now, the POST meets the 401.
                await Observe(() => session.TestRequestAsync("POST", "/nodes/pve1/qemu/100/status/start", null, CancellationToken.None));
                Sim.Pve.ForgetTickets();
                await Observe(() => session.InvokeAsync("POST", "nodes/pve1/qemu/100/status/start", null, CancellationToken.None));
                tickets.AddRange(Sim.Pve.TicketValues);
            });
            await Observe(() => ConnectPve("carol@pve", "wrong-Carol-secret-9"));
            await Observe(async () =>
            {
                using PveSession token = await ConnectToken();
                await token.InvokeAsync("PUT", "access/password", new System.Collections.Hashtable { ["userid"] = "root@pam", ["password"] = "x" }, CancellationToken.None);
            });
            await Observe(() => PveSession.ConnectAsync(PveOptions("root@pam!automation", "wrong-" + tokenSecret, PveAuthMethod.ApiToken), CancellationToken.None));
        }

        ForgiveSchemaViolations();
        Assert.NotEmpty(tickets);
        string all = string.Join("\n", seen);
        Assert.Contains("PveTicketRefused", all);
        Assert.Contains("/api2/json/version", all);
        foreach (string secret in new[] { "Carol-secret-9", TotpSecret, tokenSecret }.Concat(tickets).Concat(tickets.Select(t => t.Split("::")[1])))
        {
            Assert.DoesNotContain(secret, all);
        }
    }
}

public class PveQuirkTests : PveTest
{
    [Fact]
    public async Task Nextid_comes_back_as_a_string_and_a_taken_id_is_a_400_naming_it()
    {
        using PveSession session = await ConnectPve();
        Assert.Equal("104", await session.InvokeAsync("GET", "cluster/nextid", null, CancellationToken.None));
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.InvokeAsync("GET", "cluster/nextid", new System.Collections.Hashtable { ["vmid"] = 100 }, CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("vmid: VM 100 already exists", ex.Message);
    }
}
