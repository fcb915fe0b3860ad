using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>The images in the PiKVM's storage.</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmMsdImage")]
    [OutputType(typeof(PiKvmMsdImage))]
    public sealed class GetPiKvmMsdImageCommand : PiKvmFleetCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        protected override void ProcessRecord() =>
            OnEachDevice(_ => true, async (session, token) => await session.GetMsdImagesAsync(Name, e => Post(() => WriteError(e, Name)), token).ConfigureAwait(false));
    }
}
