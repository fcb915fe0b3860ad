using System.Linq;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Makes a PiKVM Switch port the active one, and sets its name, EDID and dummy display.</summary>
    [Cmdlet(VerbsCommon.Set, "PiKvmSwitchPort", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PiKvmSwitchPort))]
    public sealed class SetPiKvmSwitchPortCommand : PiKvmCmdlet
    {
        /// <summary>The port: its id (2, or 1.3 with several units), its number counted from 1, or its name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        public string Port { get; set; } = string.Empty;

        /// <summary>Switch the PiKVM to this port's machine (its video, keyboard, mouse and virtual media).</summary>
        [Parameter]
        public SwitchParameter Active { get; set; }

        [Parameter]
        public string? Name { get; set; }

        /// <summary>The id of an EDID the Switch has (Get-PiKvmSwitch lists them), or default.</summary>
        [Parameter]
        public string? EdidId { get; set; }

        /// <summary>Whether the port simulates a display while it is not active.</summary>
        [Parameter]
        public bool? Dummy { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var settings = new PiKvmSwitchPortParams { Name = Name, EdidId = EdidId, Dummy = Dummy };
            if (!Active && settings.IsEmpty)
            {
                ThrowTerminatingError(KvmPveException.Invalid("PiKvmSwitchNothing", "Nothing to change: give -Active, -Name, -EdidId or -Dummy."), Port);
            }

            PiKvmSession session = ResolveSession();
            try
            {
                PiKvmSwitch state = Run(token => session.GetSwitchAsync(token));
                PiKvmSwitchPort port = state.Port(Port);
                state.Check(settings);
                string change = string.Join(", ", new[]
                {
                    Active ? "make it the active port" : null,
                    Name == null ? null : $"name it '{Name}'",
                    EdidId == null ? null : "EDID " + EdidId,
                    Dummy == null ? null : Dummy.Value ? "simulate a display" : "no simulated display",
                }.Where(s => s != null));
                if (!ShouldProcess($"Switch port {port.Id}{(port.Name.Length > 0 ? $" ({port.Name})" : string.Empty)} of {session.Server}", change))
                {
                    return;
                }

                Run(async token =>
                {
                    if (!settings.IsEmpty)
                    {
                        await session.SetSwitchPortAsync(state, port, settings, token).ConfigureAwait(false);
                    }

                    if (Active)
                    {
                        await session.SetSwitchActiveAsync(port, token).ConfigureAwait(false);
                    }
                });
                if (PassThru)
                {
                    WriteObject(Run(token => session.GetSwitchAsync(token)).Ports[port.Index]);
                }
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, Port);
            }
        }
    }
}
