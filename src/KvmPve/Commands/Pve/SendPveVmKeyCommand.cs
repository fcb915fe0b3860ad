using System;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Completion;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>Presses keys and chords on VMs (PUT .../sendkey): QEMU's key names, or the names Send-PiKvmKey takes.</summary>
    [Cmdlet(VerbsCommunications.Send, "PveVmKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = VmIdSet)]
    [OutputType(typeof(void))]
    public sealed class SendPveVmKeyCommand : PveVmNameCmdlet
    {
        /// <summary>Keys or chords, pressed in order: ret, f12, ctrl-alt-delete, or Enter, F12, Ctrl+Alt+Delete.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ArgumentCompleter(typeof(PveVmKeyCompleter))]
        public string[] Key { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            // Every key is checked before any guest is looked up or pressed.
            CheckFirst(() => Array.ForEach(Key, k => PveVmKeys.ToQemu(k)), Key);
            PveSession session = ResolveSession();
            foreach (PveVm vm in Guests(session))
            {
                if (!ShouldProcessGuest(vm, $"Press {string.Join(", ", Key)}"))
                {
                    continue;
                }

                try
                {
                    Run(token => session.SendVmKeysAsync(vm, Key, token));
                }
                catch (KvmPveException ex)
                {
                    WriteError(ex, vm);
                }
            }
        }
    }
}
