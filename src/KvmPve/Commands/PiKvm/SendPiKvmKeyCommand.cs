using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Completion;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Presses keys and chords (Enter, F2, Ctrl+Alt+Delete, Win+R) on the machine behind the PiKVM.</summary>
    [Cmdlet(VerbsCommunications.Send, "PiKvmKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class SendPiKvmKeyCommand : PiKvmFleetCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ArgumentCompleter(typeof(PiKvmKeyCompleter))]
        public string[] Key { get; set; } = System.Array.Empty<string>();

        protected override void ProcessRecord()
        {
            try
            {
                // Every key is checked before the first one is pressed.
                foreach (string item in Key)
                {
                    PiKvmKeys.ParseChord(item);
                }
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, Key);
                return;
            }

            OnEachDevice(
                session => ShouldProcess($"keyboard of {session.Server}", $"Press {string.Join(", ", Key)}"),
                async (session, token) =>
                {
                    await session.SendKeysAsync(Key, token).ConfigureAwait(false);
                    return null;
                },
                Key);
        }
    }
}
