using System.Reflection;

namespace KvmPve.Module.Tests;

public class CmdletShapeTests(ModuleMetadata module) : IClassFixture<ModuleMetadata>
{
    // Verbs whose cmdlets change something on a server: they must honour -WhatIf and -Confirm.
    private static readonly string[] ChangingVerbs = ["Add", "Close", "ConvertTo", "Copy", "Disconnect", "Dismount", "Invoke", "Mount", "Move", "New", "Remove", "Reset", "Resize", "Restart", "Restore", "Resume", "Save", "Send", "Set", "Start", "Stop", "Suspend"];

    [Fact]
    public void The_module_has_the_cmdlets_of_the_issue()
    {
        string[] expected = ["Connect-PiKvm", "Disconnect-PiKvm", "Get-PiKvmInfo", "Get-PiKvmLog", "Get-PiKvmSession", "Invoke-PiKvmApi", "Connect-Pve", "Disconnect-Pve", "Get-PveSession", "Get-PveVersion", "Get-PveNode", "Get-PveVm", "Start-PveVm", "Stop-PveVm", "Restart-PveVm", "Suspend-PveVm", "Resume-PveVm", "Get-PveTask", "Wait-PveTask", "Get-PveTaskLog", "Invoke-PveApi", "Get-PveSnapshot", "New-PveSnapshot", "Remove-PveSnapshot", "Restore-PveSnapshot", "Copy-PveVm", "Move-PveVm", "New-PveVm", "Remove-PveVm", "Get-PveVmConfig", "Set-PveVmConfig", "Set-PveVmCloudInit", "Get-PveNextVmId", "Get-PveClusterStatus"];
        Assert.Subset(module.Cmdlets.Select(c => c.Name).ToHashSet(), expected.ToHashSet());
    }

    [Fact]
    public void Every_verb_is_approved()
    {
        var approved = module.Automation.GetTypes()
            .Where(t => t.Namespace == "System.Management.Automation" && t.Name.StartsWith("Verbs", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet();
        Assert.Contains("Connect", approved);
        Assert.All(module.Cmdlets, c => Assert.True(approved.Contains(c.Verb), $"{c.Name}: '{c.Verb}' is not an approved verb"));
    }

    [Fact]
    public void Every_noun_is_prefixed_and_singular()
    {
        Assert.All(module.Cmdlets, c =>
        {
            Assert.Matches("^(PiKvm|Pve)([A-Z][A-Za-z]*)?$", c.Noun);
            // Singular: a trailing s only as in "-ss" or "-us" (Status).
            Assert.False(c.Noun.EndsWith('s') && !c.Noun.EndsWith("ss", StringComparison.Ordinal) && !c.Noun.EndsWith("us", StringComparison.Ordinal), $"{c.Name}: nouns are singular");
        });
    }

    [Fact]
    public void Every_cmdlet_declares_its_output_type()
    {
        Assert.All(module.Cmdlets, c => Assert.True(c.Attributes("System.Management.Automation.OutputTypeAttribute").Any(), $"{c.Name} has no [OutputType]"));
    }

    [Fact]
    public void Every_cmdlet_but_connect_and_get_session_takes_a_session_or_its_property_from_the_pipeline()
    {
        foreach (CmdletInfo cmdlet in module.Cmdlets.Where(c => c.Verb != "Connect" && !c.Noun.EndsWith("Session", StringComparison.Ordinal)))
        {
            ParameterInfo session = Assert.Single(cmdlet.Parameters, p => p.Name == "Session");
            Assert.True(session.ByPropertyName && session.ByValue, $"{cmdlet.Name} -Session must bind sessions and Session properties from the pipeline");
            Assert.False(session.Mandatory, $"{cmdlet.Name} -Session falls back to the default session");
            // Every PiKVM cmdlet takes several sessions (fleets); a PVE session is one cluster, closed several at a time.
            string expected = !cmdlet.Noun.StartsWith("Pve", StringComparison.Ordinal) ? "PiKvmSession[]" : cmdlet.Verb == "Disconnect" ? "PveSession[]" : "PveSession";
            Assert.Equal(expected, session.TypeName);
        }
    }

    [Fact]
    public void Cmdlets_that_change_state_support_should_process_and_readers_do_not()
    {
        Assert.All(module.Cmdlets, c =>
        {
            // Test-PveBackupRestore tests by making (and removing) a throwaway guest: it changes the cluster meanwhile.
            // Open-PveConsole writes a file and sets the VM's SPICE password (qemu-server spiceproxy: set_password).
            bool changes = ChangingVerbs.Contains(c.Verb) || c.Name is "Test-PveBackupRestore" or "Open-PveConsole";
            Assert.True(changes == c.SupportsShouldProcess, $"{c.Name}: SupportsShouldProcess should be {changes}");
        });
    }

    [Fact]
    public void Disconnect_takes_sessions_by_value_so_get_session_pipes_into_it()
    {
        ParameterInfo session = module.Cmdlets.Single(c => c.Name == "Disconnect-PiKvm").Parameters.Single(p => p.Name == "Session");
        Assert.True(session.ByValue);
    }

    [Theory]
    [InlineData("Start-PveVm")]
    [InlineData("Stop-PveVm")]
    [InlineData("Restart-PveVm")]
    [InlineData("Suspend-PveVm")]
    [InlineData("Resume-PveVm")]
    public void Guests_from_get_pvevm_bind_into_every_lifecycle_cmdlet(string name)
    {
        CmdletInfo cmdlet = module.Cmdlets.Single(c => c.Name == name);
        var byProperty = cmdlet.Parameters.Where(p => p.ByPropertyName).Select(p => p.Name).ToHashSet();
        // PveVm's own property names, so Get-PveVm | Start-PveVm binds without help.
        Type vm = module.Core.GetType("KvmPve.PveVm")!;
        foreach (string property in new[] { "VmId", "Node", "Type", "Session" })
        {
            Assert.Contains(property, byProperty);
            Assert.NotNull(vm.GetProperty(property));
        }

        Assert.Equal("Int32[]", cmdlet.Parameters.First(p => p.Name == "VmId").TypeName);
        Assert.True(cmdlet.SupportsShouldProcess);
        Assert.Contains(cmdlet.Attributes("System.Management.Automation.OutputTypeAttribute"), a => a.ConstructorArguments[0].Value is IEnumerable<System.Reflection.CustomAttributeTypedArgument> types && types.Any(t => ((Type)t.Value!).Name == "PveTask"));
    }

    [Theory]
    [InlineData("Get-PveSnapshot", false)]
    [InlineData("New-PveSnapshot", false)]
    [InlineData("Remove-PveSnapshot", true)]
    [InlineData("Restore-PveSnapshot", true)]
    public void Guests_and_snapshots_bind_into_the_snapshot_cmdlets(string name, bool takesSnapshotNames)
    {
        CmdletInfo cmdlet = module.Cmdlets.Single(c => c.Name == name);
        var byProperty = cmdlet.Parameters.Where(p => p.ByPropertyName).Select(p => p.Name).ToHashSet();
        Type snapshot = module.Core.GetType("KvmPve.PveSnapshot")!;
        foreach (string property in new[] { "VmId", "Node", "Type", "Session" })
        {
            Assert.Contains(property, byProperty);
            Assert.NotNull(snapshot.GetProperty(property));
        }

        // -Name is the snapshot's: bound from a PveSnapshot where the cmdlet acts on given snapshots, never a guest's name.
        Assert.Equal(takesSnapshotNames, byProperty.Contains("Name"));
        Assert.Contains(cmdlet.Parameters, p => p.Name == "VmName");
    }

    [Fact]
    public void Hard_power_actions_ask_for_confirmation_by_default()
    {
        Assert.Equal("3", module.Cmdlets.Single(c => c.Name == "Stop-PveVm").ConfirmImpact);
        Assert.Equal("3", module.Cmdlets.Single(c => c.Name == "Restart-PveVm").ConfirmImpact);
    }

    [Fact]
    public void Connect_pve_has_a_credential_and_an_api_token_parameter_set()
    {
        CmdletInfo connect = module.Cmdlets.Single(c => c.Name == "Connect-Pve");
        ParameterInfo credential = connect.Parameters.Single(p => p.Name == "Credential");
        ParameterInfo token = connect.Parameters.Single(p => p.Name == "ApiToken");
        Assert.Equal(("Credential", true), (credential.SetName, credential.Mandatory));
        Assert.Equal(("ApiToken", true), (token.SetName, token.Mandatory));
        Assert.All(connect.Parameters.Where(p => p.Name is "Realm" or "Otp" or "TotpSecret"), p => Assert.Equal("Credential", p.SetName));
        Assert.Equal("PSCredential", token.TypeName);
    }

    [Fact]
    public void Secrets_are_only_taken_as_credentials_or_secure_strings()
    {
        foreach (CmdletInfo cmdlet in module.Cmdlets)
        {
            foreach (ParameterInfo parameter in cmdlet.Parameters.Where(p => p.Name.Contains("Password") || p.Name.Contains("Secret") || p.Name.Contains("Token") || p.Name == "Credential"))
            {
                Assert.True(parameter.TypeName is "PSCredential" or "SecureString", $"{cmdlet.Name} -{parameter.Name} is a {parameter.TypeName}");
            }
        }

        Assert.NotNull(module.Cmdlets.Single(c => c.Name == "Connect-PiKvm").Parameters.Single(p => p.Name == "Credential")
            .Attributes("System.Management.Automation.CredentialAttribute").SingleOrDefault());
    }

    [Fact]
    public void Argument_completers_are_real_completers()
    {
        var completers = module.Cmdlets.SelectMany(c => c.Parameters)
            .SelectMany(p => p.Attributes("System.Management.Automation.ArgumentCompleterAttribute"))
            .Select(a => (Type)a.ConstructorArguments[0].Value!)
            .ToList();
        Assert.NotEmpty(completers);
        Assert.All(completers, t => Assert.Contains(t.GetInterfaces(), i => i.FullName == "System.Management.Automation.IArgumentCompleter"));
    }

    [Fact]
    public void Connect_piKvm_has_the_public_contract()
    {
        CmdletInfo connect = module.Cmdlets.Single(c => c.Name == "Connect-PiKvm");
        var parameters = connect.Parameters.ToDictionary(p => p.Name);
        Assert.Equal(["AuthMode", "CertificateThumbprint", "Credential", "Expire", "Server", "SkipCertificateCheck", "ThrottleLimit", "TimeoutSec", "TotpSecret"], parameters.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, parameters["Server"].Position);
        Assert.True(parameters["Server"].Mandatory);
        Assert.True(parameters["Credential"].Mandatory);
        Assert.Equal("PiKvmAuthMode", parameters["AuthMode"].TypeName);
        Assert.Equal("SwitchParameter", parameters["SkipCertificateCheck"].TypeName);
        Assert.Equal("Int32", parameters["TimeoutSec"].TypeName);
    }
}
