using System.Linq;
using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>Closes consoles (VNC bridges, text consoles): those given or piped in, or every open one of the session.</summary>
    [Cmdlet(VerbsCommon.Close, "PveConsole", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class ClosePveConsoleCommand : PveCmdlet
    {
        /// <summary>The consoles (from Open-PveConsole -Vnc, or the session's Consoles); without it, every open one of the session.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [Alias("Bridge")]
        public PveConsole[]? Console { get; set; }

        protected override void ProcessRecord()
        {
            PveConsole[] consoles = Console ?? ResolveSession().Consoles.ToArray();
            foreach (PveConsole console in consoles.Where(c => c.IsOpen))
            {
                string what = console is PveConsoleBridge bridge ? $"VNC bridge {bridge}" : "text console";
                if (ShouldProcess($"{what} of {console.Guest} ({console.VmId} on {console.Node})", "Close"))
                {
                    console.Dispose();
                }
            }
        }
    }
}
