using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;

namespace KvmPve.Base
{
    /// <summary>Set-PveVmConfig and Set-PveVmCloudInit: one synchronous change per guest, confirmed on its own; -PassThru writes the configuration after it.</summary>
    public abstract class PveConfigChangeCmdlet : PveNamedGuestCmdlet
    {
        /// <summary>Write the configuration as it is after the change (with pending values).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Each guest of this input, checked first with <paramref name="check"/>, confirmed, then changed.</summary>
        protected void Change(PveSession session, Action<PveVm> check, string description, Func<PveVm, CancellationToken, Task> change)
        {
            foreach (PveVm vm in Guests(session, check))
            {
                if (!ShouldProcessGuest(vm, description))
                {
                    continue;
                }

                try
                {
                    Run(token => change(vm, token));
                    if (PassThru)
                    {
                        WriteObject(Run(token => session.GetConfigAsync(vm, true, token)));
                    }
                }
                catch (KvmPveException ex)
                {
                    WriteError(ex, vm);
                }
            }
        }
    }
}
