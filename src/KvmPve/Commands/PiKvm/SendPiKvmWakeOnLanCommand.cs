using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Wakes the machine over the LAN: pulses kvmd's Wake-on-LAN GPIO channel, which sends the magic packet.</summary>
    [Cmdlet(VerbsCommunications.Send, "PiKvmWakeOnLan", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class SendPiKvmWakeOnLanCommand : PiKvmFleetCmdlet
    {
        /// <summary>The GPIO channel of kvmd's wol driver.</summary>
        [Parameter]
        public string Channel { get; set; } = "__wol__";

        protected override void ProcessRecord() =>
            OnEachDevice(
                session => ShouldProcess($"the machine behind {session.Server}", "Send a Wake-on-LAN packet"),
                async (session, token) =>
                {
                    await session.WakeOnLanAsync(Channel, token).ConfigureAwait(false);
                    return null;
                });
    }
}
