using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Powers the machine behind the PiKVM (or on a PiKVM Switch port) on, off (gracefully or hard) or resets it.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "PiKvmAtxPower", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PiKvmAtxState))]
    public sealed class InvokePiKvmAtxPowerCommand : PiKvmAtxCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public PiKvmAtxPowerAction Action { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void ProcessRecord() =>
            OnEachDevice(
                session => KnownPort(session) && ShouldProcess(Machine(session), $"ATX power {Action}"),
                async (session, token) =>
                {
                    await (PortOf(session) is PiKvmSwitchPort port
                        ? session.SwitchAtxPowerAsync(port, Action, Wait, token)
                        : session.AtxPowerAsync(Action, Wait, token)).ConfigureAwait(false);
                    return await StateAfterAsync(session, token).ConfigureAwait(false);
                },
                Action);
    }
}
