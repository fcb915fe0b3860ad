using System.Linq;
using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.Pve
{
    /// <summary>Closes console bridges: those given or piped in, or every open one of the session.</summary>
    [Cmdlet(VerbsCommon.Close, "PveConsole", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class ClosePveConsoleCommand : PveCmdlet
    {
        /// <summary>The bridges from Open-PveConsole -Vnc; without it, every open one of the session.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        public PveConsoleBridge[]? Bridge { get; set; }

        protected override void ProcessRecord()
        {
            PveConsoleBridge[] bridges = Bridge ?? ResolveSession().Bridges.ToArray();
            foreach (PveConsoleBridge bridge in bridges.Where(b => b.IsOpen))
            {
                if (ShouldProcess($"VNC bridge {bridge} to {bridge.Guest} ({bridge.VmId} on {bridge.Node})", "Close"))
                {
                    bridge.Dispose();
                }
            }
        }
    }
}
