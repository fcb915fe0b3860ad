using System;
using System.Threading;
using System.Threading.Tasks;

namespace KvmPve
{
    /// <summary>
    /// Runs the steps of an Invoke-PiKvmSequence step file (<see cref="PiKvmSequence"/>, checked with vm: true) on a
    /// Proxmox VE VM: Type through its VNC keyboard, Key through sendkey, WaitText on its serial console, Sleep, and
    /// Power as PVE's start, shutdown, stop or reset (waited for unless Wait = $false).
    /// </summary>
    internal static class PveVmSequence
    {
        public static async Task<object?> RunAsync(PveSession session, PveVm vm, PiKvmStep step, CancellationToken cancellationToken)
        {
            System.Collections.IDictionary o = step.Options;
            switch (step.Action)
            {
                case "Type":
                    await session.TypeVmTextAsync(vm, (string)step.Value!, cancellationToken).ConfigureAwait(false);
                    return null;
                case "Key":
                    await session.SendVmKeysAsync(vm, PiKvmSequence.Keys(step.Value)!, cancellationToken).ConfigureAwait(false);
                    return null;
                case "WaitText":
                    string pattern = (string)step.Value!;
                    PveTextConsole console = await session.TextConsoleAsync(vm, o["Serial"] as string, cancellationToken).ConfigureAwait(false);
                    return await console.WaitAsync(pattern, PiKvmSession.Locator(pattern, PiKvmSequence.RegexFlag(o)), TimeSpan.FromSeconds(PiKvmSequence.TimeoutOf(o)), cancellationToken).ConfigureAwait(false);
                case "Sleep":
                    await Task.Delay(TimeSpan.FromSeconds(PiKvmSequence.SleepOf(step)), cancellationToken).ConfigureAwait(false);
                    return null;
                default:
                    PvePowerAction action = (PiKvmAtxPowerAction)step.Value! switch
                    {
                        PiKvmAtxPowerAction.On => PvePowerAction.Start,
                        PiKvmAtxPowerAction.Off => PvePowerAction.Shutdown,
                        PiKvmAtxPowerAction.OffHard => PvePowerAction.Stop,
                        _ => PvePowerAction.Reset,
                    };
                    PveTask task = await session.ChangePowerAsync(vm, action, null, cancellationToken).ConfigureAwait(false);
                    if (!PiKvmSequence.WaitFlag(o, "Wait"))
                    {
                        return task;
                    }

                    PveTask done = await session.WaitTaskAsync(task.Upid, TimeSpan.FromHours(1), null, cancellationToken).ConfigureAwait(false);
                    return await session.PowerOutcomeAsync(vm, action, done, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
