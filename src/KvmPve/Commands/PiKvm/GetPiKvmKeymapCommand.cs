using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>The keyboard layouts the PiKVM can type text in.</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmKeymap")]
    [OutputType(typeof(PiKvmKeymap))]
    public sealed class GetPiKvmKeymapCommand : PiKvmCmdlet
    {
        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            try
            {
                WriteObject(Run(token => session.GetKeymapsAsync(token)), true);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, session);
            }
        }
    }
}
