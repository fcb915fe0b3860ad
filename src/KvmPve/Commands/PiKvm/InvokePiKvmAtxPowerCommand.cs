using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Powers the machine behind the PiKVM on, off (gracefully or hard) or resets it.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "PiKvmAtxPower", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PiKvmAtxState))]
    public sealed class InvokePiKvmAtxPowerCommand : PiKvmFleetCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public PiKvmAtxPowerAction Action { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void ProcessRecord() =>
            OnEachDevice(
                session => ShouldProcess($"the machine behind {session.Server}", $"ATX power {Action}"),
                async (session, token) =>
                {
                    await session.AtxPowerAsync(Action, Wait, token).ConfigureAwait(false);
                    return await session.GetAtxAsync(token).ConfigureAwait(false);
                },
                Action);
    }
}
