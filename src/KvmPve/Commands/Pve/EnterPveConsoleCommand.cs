using System;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Threading.Tasks;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// A guest's text console (a VM's serial port, a container's console) in this PowerShell host: keys go in, output
    /// comes out, the window's size is sent; Ctrl+] leaves. Without a keyboard (input redirected), the lines of
    /// standard input are typed, each with Enter, and it leaves at their end.
    /// </summary>
    [Cmdlet(VerbsCommon.Enter, "PveConsole", DefaultParameterSetName = VmIdSet)]
    [OutputType(typeof(void))]
    public sealed class EnterPveConsoleCommand : PveVmNameCmdlet
    {
        /// <summary>The key that leaves the console: Ctrl+] (as telnet), which serial consoles do not use.</summary>
        private const char Escape = '\x1D';

        [Parameter]
        [ValidateSet("serial0", "serial1", "serial2", "serial3")]
        public string? Serial { get; set; }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            System.Collections.Generic.IReadOnlyList<PveVm> guests = Guests(session);
            if (guests.Count != 1)
            {
                WriteError(KvmPveException.Invalid("PveConsoleOneGuest", $"Enter-PveConsole enters one guest's console; this names {guests.Count}."), VmName ?? (object)VmId);
                return;
            }

            PveVm vm = guests[0];
            bool keyboard = HasKeyboard();
            Host.UI.WriteLine($"Console of {GuestLabel(vm)}.{(keyboard ? " Ctrl+] leaves." : " Typing standard input's lines.")}");
            try
            {
                // A console this command opens is closed when it leaves; one a runbook opened stays.
                bool opened = session.OpenTextConsole(vm, Serial) == null;

                Run(async token =>
                {
                    PveTextConsole console = await session.TextConsoleAsync(vm, Serial, token).ConfigureAwait(false);
                    Action<string> show = text => Post(() => Host.UI.Write(text));
                    console.Output += show;
                    try
                    {
                        await (keyboard ? TypeKeysAsync(console, token) : TypeLinesAsync(console, token)).ConfigureAwait(false);
                    }
                    finally
                    {
                        console.Output -= show;
                        if (opened)
                        {
                            console.Dispose();
                        }
                    }
                });
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, vm);
            }

            Host.UI.WriteLine();
        }

        private bool HasKeyboard()
        {
            try
            {
                // Reading KeyAvailable throws where the host has no keyboard to read.
                _ = Host.UI.RawUI.KeyAvailable;
                return !Console.IsInputRedirected;
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is NotImplementedException || ex is HostException)
            {
                return false;
            }
        }

        /// <summary>Keys from the host, read on the pipeline thread every 20 ms, until Ctrl+] or the console closes.</summary>
        private async Task TypeKeysAsync(PveTextConsole console, System.Threading.CancellationToken token)
        {
            Size size = default;
            Post(() => size = Host.UI.RawUI.WindowSize);
            await Task.Delay(20, token).ConfigureAwait(false);
            await console.ResizeAsync(Math.Max(size.Width, 20), Math.Max(size.Height, 5), token).ConfigureAwait(false);
            bool leave = false;
            while (!leave && console.IsOpen)
            {
                var typed = new System.Text.StringBuilder();
                Post(() =>
                {
                    while (Host.UI.RawUI.KeyAvailable)
                    {
                        KeyInfo key = Host.UI.RawUI.ReadKey(ReadKeyOptions.NoEcho | ReadKeyOptions.IncludeKeyDown);
                        if (key.Character == Escape)
                        {
                            leave = true;
                            return;
                        }

                        typed.Append(TerminalKeys.Of(key));
                    }
                });
                await Task.Delay(20, token).ConfigureAwait(false);
                if (typed.Length > 0)
                {
                    await console.SendAsync(typed.ToString(), token).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Standard input's lines, each typed with Enter; then a moment for the last output.</summary>
        private static async Task TypeLinesAsync(PveTextConsole console, System.Threading.CancellationToken token)
        {
            string? line;
            while ((line = await LineAsync(token).ConfigureAwait(false)) != null)
            {
                await console.SendAsync(line + "\r", token).ConfigureAwait(false);
                await Task.Delay(200, token).ConfigureAwait(false);
            }

            await Task.Delay(1000, token).ConfigureAwait(false);
        }

        /// <summary>The next line of standard input; Ctrl+C ends the wait for it (the read itself cannot be stopped, and is left behind).</summary>
        private static async Task<string?> LineAsync(System.Threading.CancellationToken token)
        {
            Task<string?> read = Task.Run<string?>(() => Console.In.ReadLine());
            await Task.WhenAny(read, Task.Delay(System.Threading.Timeout.Infinite, token)).ConfigureAwait(false);
            token.ThrowIfCancellationRequested();
            return await read.ConfigureAwait(false);
        }
    }
}
