using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>The images in the PiKVM's storage.</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmMsdImage")]
    [OutputType(typeof(PiKvmMsdImage))]
    public sealed class GetPiKvmMsdImageCommand : PiKvmCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            try
            {
                WriteObject(Run(token => session.GetMsdImagesAsync(Name, e => Post(() => WriteError(e, Name)), token)), true);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, session);
            }
        }
    }
}
