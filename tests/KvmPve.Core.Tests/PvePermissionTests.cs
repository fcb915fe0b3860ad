using System.Net;
using System.Text.Json;
using KvmPve.Errors;
using KvmPve.Pve;
using Xunit.Abstractions;

namespace KvmPve.Core.Tests;

/// <summary>Issue 17: PVE's schema as a safety net — permission checks evaluated before a change, parameters before any request.</summary>
public class PvePermissionTests(ITestOutputHelper output) : PveTest
{
    private static readonly PveVm Web01 = new() { VmId = 100, Node = "pve1", Type = PveGuestType.Qemu, Name = "web01" };

    private static readonly PveVm Web02 = new() { VmId = 101, Node = "pve1", Type = PveGuestType.Qemu, Name = "web02" };

    /// <summary>Whether every part of a check has a form PvePermissionCheck evaluates (perm, and, or; user all/world).</summary>
    private static bool Understands(JsonElement? permissions)
    {
        if (!(permissions is JsonElement p) || p.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        return p.TryGetProperty("check", out JsonElement check) ? Understood(check) : p.TryGetProperty("user", out JsonElement user) && (user.GetString() == "all" || user.GetString() == "world");
    }

    private static bool Understood(JsonElement check)
    {
        string form = check.ValueKind == JsonValueKind.Array && check.GetArrayLength() > 0 ? check[0].GetString() ?? string.Empty : string.Empty;
        return form == "perm" || ((form == "and" || form == "or") && check.EnumerateArray().Skip(1).All(Understood));
    }

    private static PveSchemaMethod Method(string path, string verb) => PveSchema.Embedded.Endpoints.Single(e => e.Path == path).Methods[verb];

    private static Func<string, ISet<string>?> Holding(Dictionary<string, string[]> privileges) =>
        path => privileges.TryGetValue(path, out string[]? held) ? held.ToHashSet() : new HashSet<string>();

    [Fact]
    public void Most_of_the_schema_s_checks_are_understood_and_the_rest_pass_through()
    {
        PveSchemaMethod[] methods = PveSchema.Embedded.Endpoints.SelectMany(e => e.Methods.Values).ToArray();
        int understood = methods.Count(m => Understands(m.Permissions));
        output.WriteLine($"{understood} of {methods.Length} methods' permission checks are evaluated; the others pass through to PVE.");
        Assert.Equal(649, methods.Length);
        Assert.InRange(understood, 600, 649);
        // Whatever is not understood is never a refusal, even with no privileges at all.
        Assert.All(methods.Where(m => !Understands(m.Permissions)), m =>
            Assert.NotEqual(PvePermissionOutcome.Denied, PvePermissionCheck.Evaluate(m.Permissions, new Dictionary<string, string>(), _ => new HashSet<string>()).Outcome));
    }

    [Fact]
    public void Perm_and_or_any_and_require_param_are_evaluated_as_pve_does()
    {
        var vm = new Dictionary<string, string> { ["node"] = "pve1", ["vmid"] = "100", ["newid"] = "120" };
        PveSchemaMethod start = Method("/nodes/{node}/qemu/{vmid}/status/start", "POST");
        PvePermissionVerdict refused = PvePermissionCheck.Evaluate(start.Permissions, vm, Holding(new() { ["/vms/100"] = ["VM.Audit"] }));
        Assert.Equal((PvePermissionOutcome.Denied, "/vms/100", "VM.PowerMgmt"), (refused.Outcome, refused.Path, refused.Missing.Single()));
        Assert.Equal(PvePermissionOutcome.Allowed, PvePermissionCheck.Evaluate(start.Permissions, vm, Holding(new() { ["/vms/100"] = ["VM.PowerMgmt"] })).Outcome);

        // clone: VM.Clone on the source and (VM.Allocate on the new id, or on the pool when one is given).
        PveSchemaMethod clone = Method("/nodes/{node}/qemu/{vmid}/clone", "POST");
        Assert.Equal(PvePermissionOutcome.Allowed, PvePermissionCheck.Evaluate(clone.Permissions, vm, Holding(new() { ["/vms/100"] = ["VM.Clone"], ["/vms/120"] = ["VM.Allocate"] })).Outcome);
        PvePermissionVerdict noAllocate = PvePermissionCheck.Evaluate(clone.Permissions, vm, Holding(new() { ["/vms/100"] = ["VM.Clone"] }));
        Assert.Equal(("/vms/120", "VM.Allocate"), (noAllocate.Path, noAllocate.Missing.Single()));
        var pooled = new Dictionary<string, string>(vm) { ["pool"] = "web" };
        Assert.Equal(PvePermissionOutcome.Allowed, PvePermissionCheck.Evaluate(clone.Permissions, pooled, Holding(new() { ["/vms/100"] = ["VM.Clone"], ["/pool/web"] = ["VM.Allocate"] })).Outcome);

        // config PUT: any one of the VM.Config.* privileges.
        PveSchemaMethod config = Method("/nodes/{node}/qemu/{vmid}/config", "PUT");
        Assert.Equal(PvePermissionOutcome.Allowed, PvePermissionCheck.Evaluate(config.Permissions, vm, Holding(new() { ["/vms/100"] = ["VM.Config.Options"] })).Outcome);
        PvePermissionVerdict none = PvePermissionCheck.Evaluate(config.Permissions, vm, Holding([]));
        Assert.True(none.Any);
        Assert.Contains("VM.Config.Memory", none.Missing);

        // {user: all} needs nothing; userid-group is not evaluated here; a placeholder not given is not a refusal.
        Assert.Equal(PvePermissionOutcome.Allowed, PvePermissionCheck.Evaluate(Method("/nodes/{node}/vzdump", "POST").Permissions, vm, Holding([])).Outcome);
        Assert.Equal(PvePermissionOutcome.Unknown, PvePermissionCheck.Evaluate(Method("/access/users/{userid}", "GET").Permissions, new Dictionary<string, string> { ["userid"] = "a@pve" }, Holding([])).Outcome);
        Assert.Equal(PvePermissionOutcome.Unknown, PvePermissionCheck.Evaluate(start.Permissions, new Dictionary<string, string>(), Holding([])).Outcome);
    }

    [Fact]
    public void Privileges_on_a_path_are_its_own_or_the_nearest_parent_s_that_propagate()
    {
        var held = new Dictionary<string, Dictionary<string, bool>>
        {
            ["/"] = new() { ["Sys.Audit"] = true, ["VM.Audit"] = true, ["Sys.Modify"] = false },
            ["/vms/100"] = new() { ["VM.PowerMgmt"] = false },
        };
        Assert.Equal(["VM.PowerMgmt"], PveSession.PrivilegesAt(held, "/vms/100")!.Order());
        Assert.Equal(["Sys.Audit", "VM.Audit"], PveSession.PrivilegesAt(held, "/vms/101")!.Order());
        Assert.Equal(["Sys.Audit", "Sys.Modify", "VM.Audit"], PveSession.PrivilegesAt(held, "/")!.Order());
    }

    [Fact]
    public async Task A_read_only_user_s_changes_are_refused_before_any_request_naming_path_and_privilege()
    {
        using PveSession session = await ConnectPve("readonly@pve", "readonly");
        int before = Sim.Requests.Count;
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.ChangePowerAsync(Web02, PvePowerAction.Start, null, CancellationToken.None));
        Assert.Equal((ErrorKind.PermissionDenied, "PvePermissionDenied"), (ex.Kind, ex.ErrorId));
        Assert.Contains("readonly@pve lacks VM.PowerMgmt on /vms/101", ex.Message);
        Assert.DoesNotContain(Sim.Requests.Skip(before), r => r.Method != "GET");
        ex = await Assert.ThrowsAsync<KvmPveException>(() => session.CloneAsync(Web01, new PveCloneOptions(), CancellationToken.None));
        Assert.Contains("VM.Clone on /vms/100", ex.Message);
        ex = await Assert.ThrowsAsync<KvmPveException>(() => session.SetConfigAsync(Web01, new Dictionary<string, object> { ["description"] = "x" }, null, null, CancellationToken.None));
        Assert.Contains("any of VM.Config.Disk", ex.Message);
        Assert.DoesNotContain(Sim.Requests.Skip(before), r => r.Method != "GET");
    }

    [Fact]
    public async Task The_privileges_are_read_once_and_later_changes_cost_no_request()
    {
        using PveSession session = await ConnectPve("operator@pve", "operator");
        for (int i = 0; i < 3; i++)
        {
            await session.ChangePowerAsync(Web01, PvePowerAction.Reset, null, CancellationToken.None);
        }

        Assert.Equal(1, Sim.Requests.Count(r => r.Path == "/api2/json/access/permissions"));
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.ChangePowerAsync(Web02, PvePowerAction.Start, null, CancellationToken.None));
        Assert.Equal("PvePermissionDenied", ex.ErrorId);
        // The refusal was confirmed with PVE's answer for that exact path.
        Assert.Contains(Sim.Requests, r => r.Path == "/api2/json/access/permissions" && r.Query.Contains("path=%2Fvms%2F101", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_privilege_separated_token_is_told_why()
    {
        Sim.Pve.Options.Tokens["operator@pve!narrow"] = "narrow-secret";
        using PveSession token = await PveSession.ConnectAsync(PveOptions("operator@pve!narrow", "narrow-secret", PveAuthMethod.ApiToken), CancellationToken.None);
        Assert.Equal([100], (await token.GetVmsAsync(new PveVmQuery(), _ => { }, CancellationToken.None)).Select(v => v.VmId));
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => token.ChangePowerAsync(Web01, PvePowerAction.Stop, null, CancellationToken.None));
        Assert.Contains("privilege separation", ex.Message);
        PvePermissionTest test = await token.TestPrivilegesAsync("/vms/100", ["VM.Audit", "VM.PowerMgmt"], any: false, CancellationToken.None);
        Assert.Equal((false, "VM.PowerMgmt"), (test.Allowed, test.Missing.Single()));
        Assert.True((await token.TestPrivilegesAsync("/vms/100", ["VM.Audit", "VM.PowerMgmt"], any: true, CancellationToken.None)).Allowed);
        Assert.Equal("PveUnknownPrivilege", (await Assert.ThrowsAsync<KvmPveException>(() => token.TestPrivilegesAsync("/vms/100", ["VM.PowerMgnt"], false, CancellationToken.None))).ErrorId);
    }

    [Fact]
    public async Task Pve_s_own_403_names_path_privilege_and_for_a_token_privilege_separation()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Forbidden) { ReasonPhrase = "Permission check failed (/vms/100, VM.PowerMgmt)", Content = new StringContent("""{"data":null}""") };
        KvmPveException ex = await PveErrors.FromResponseAsync(response, "pve1:8006", "POST", "/nodes/pve1/qemu/100/status/start", "ci@pve!runbook");
        Assert.Equal(ErrorKind.PermissionDenied, ex.Kind);
        Assert.Contains("ci@pve!runbook lacks VM.PowerMgmt on /vms/100", ex.Message);
        Assert.Contains("privilege separation", ex.Message);
    }

    [Theory]
    [InlineData("PUT", "nodes/pve1/qemu/100/config", "memroy", "1", "did you mean memory?")]
    [InlineData("PUT", "nodes/pve1/qemu/100/config", "cores", "lots", "cores: type check ('integer') failed - got 'lots'")]
    [InlineData("POST", "nodes/pve1/qemu/100/status/shutdown", "timeout", "-5", "timeout: value must have a minimum value of 0")]
    [InlineData("GET", "nodes/pve1/tasks", "source", "some", "value 'some' does not have a value in the enumeration 'archive, active, all'")]
    [InlineData("POST", "nodes/pve1/qemu/100/statuss/start", null, null, "Nearest: /nodes/{node}/qemu/{vmid}/status/start")]
    [InlineData("PATCH", "nodes", null, null, "not a method of the PVE API")]
    [InlineData("DELETE", "nodes/pve1/qemu/100/status/start", null, null, "has no DELETE: it takes POST")]
    [InlineData("POST", "nodes/pve1/qemu", null, null, "vmid: property is missing and it is not optional")]
    public async Task Invoke_pve_api_is_checked_against_the_schema_before_anything_is_sent(string verb, string path, string? name, string? value, string expected)
    {
        using PveSession session = await ConnectPve();
        int before = Sim.Requests.Count;
        var parameters = name == null ? null : new System.Collections.Hashtable { [name] = value };
        var ex = await Assert.ThrowsAsync<KvmPveException>(() => session.InvokeAsync(verb, path, parameters, CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains(expected, ex.Message);
        Assert.Equal(before, Sim.Requests.Count);
    }

    [Fact]
    public void The_schema_tells_what_may_follow_a_path_for_completion()
    {
        Assert.Contains("{node}", PveSchema.Embedded.Next(["nodes"]));
        Assert.Contains("qemu", PveSchema.Embedded.Next(["nodes", "pve1"]));
        Assert.Contains("{vmid}", PveSchema.Embedded.Next(["nodes", "pve1", "qemu"]));
        Assert.Empty(PveSchema.Embedded.Next(["nope"]));
    }
}
