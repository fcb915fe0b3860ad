using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>The state of the PiKVM's emulated keyboard and mouse.</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmHid")]
    [OutputType(typeof(PiKvmHidState))]
    public sealed class GetPiKvmHidCommand : PiKvmCmdlet
    {
        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            try
            {
                WriteObject(Run(token => session.GetHidAsync(token)));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, session);
            }
        }
    }
}
