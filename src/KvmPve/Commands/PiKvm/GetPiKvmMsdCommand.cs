using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>The PiKVM's virtual drive and its storage.</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmMsd")]
    [OutputType(typeof(PiKvmMsdState))]
    public sealed class GetPiKvmMsdCommand : PiKvmCmdlet
    {
        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            try
            {
                WriteObject(Run(token => session.GetMsdAsync(token)));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, session);
            }
        }
    }
}
