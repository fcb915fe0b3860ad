using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>Types text on VMs' keyboards through their VNC consoles (key events; any length; what a US keyboard types).</summary>
    [Cmdlet(VerbsCommunications.Send, "PveVmText", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = VmIdSet)]
    [OutputType(typeof(void))]
    public sealed class SendPveVmTextCommand : PveVmNameCmdlet
    {
        /// <summary>The text; a line break presses Enter. It is never shown, as it may be a password.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [AllowEmptyString]
        public string Text { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            CheckFirst(() => UsKeyboard.Check(Text), "the text");
            PveSession session = ResolveSession();
            foreach (PveVm vm in Guests(session))
            {
                if (Text.Length == 0 || !ShouldProcessGuest(vm, $"Type {Text.Length} characters on its keyboard"))
                {
                    continue;
                }

                try
                {
                    Run(token => session.TypeVmTextAsync(vm, Text, token));
                }
                catch (KvmPveException ex)
                {
                    WriteError(ex, vm);
                }
            }
        }
    }
}
