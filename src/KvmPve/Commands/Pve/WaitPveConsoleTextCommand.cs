using System;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>Waits until a guest's text console (a VM's serial port, a container's console) shows a text, like expect.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "PveConsoleText", DefaultParameterSetName = VmIdSet)]
    [OutputType(typeof(string))]
    public sealed class WaitPveConsoleTextCommand : PveVmNameCmdlet
    {
        /// <summary>A wildcard pattern looked for in each line (case-insensitive), or a regular expression with -Regex.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        public string Pattern { get; set; } = string.Empty;

        [Parameter]
        public SwitchParameter Regex { get; set; }

        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 300;

        /// <summary>The VM's serial port; by default the one PVE picks (the display's, or serial0).</summary>
        [Parameter]
        [ValidateSet("serial0", "serial1", "serial2", "serial3")]
        public string? Serial { get; set; }

        protected override void ProcessRecord()
        {
            Func<string, (string Match, int End)?> find = null!;
            CheckFirst(() => find = PiKvmSession.Locator(Pattern, Regex), Pattern);
            PveSession session = ResolveSession();
            foreach (PveVm vm in Guests(session))
            {
                try
                {
                    WriteObject(Run(async token =>
                    {
                        PveTextConsole console = await session.TextConsoleAsync(vm, Serial, token).ConfigureAwait(false);
                        return await console.WaitAsync(Pattern, find, TimeSpan.FromSeconds(TimeoutSec), token).ConfigureAwait(false);
                    }));
                }
                catch (KvmPveException ex)
                {
                    WriteError(ex, vm);
                }
            }
        }
    }
}
