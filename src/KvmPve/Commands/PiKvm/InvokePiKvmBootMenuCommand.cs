using System;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Completion;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>
    /// A one-time boot from the mounted image (PiKVM has no boot override, pikvm/pikvm#1525): starts the machine, opens
    /// the firmware's boot menu with its key, and chooses the entry, reading the screen by OCR at each step.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "PiKvmBootMenu", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PiKvmBootMenuResult))]
    public sealed class InvokePiKvmBootMenuCommand : PiKvmFleetCmdlet
    {
        /// <summary>The entry to boot, a wildcard (case-insensitive); by default the PiKVM's virtual drive.</summary>
        [Parameter(Position = 0)]
        public string Select { get; set; } = "*PiKVM*";

        /// <summary>The key that opens the boot menu: F12 for most firmware, F11, F8, F10 or Esc for others.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(PiKvmKeyCompleter))]
        public string MenuKey { get; set; } = "F12";

        /// <summary>A regular expression for the menu's title line.</summary>
        [Parameter]
        public string MenuPattern { get; set; } = PiKvmBootMenu.DefaultMenuPattern;

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 120;

        /// <summary>Do not power on or reset the machine: it is starting already.</summary>
        [Parameter]
        public SwitchParameter NoRestart { get; set; }

        protected override void ProcessRecord()
        {
            CheckFirst(() => PiKvmKeys.ParseChord(MenuKey), MenuKey);
            CheckFirst(() => PiKvmBootMenu.Title(MenuPattern), MenuPattern);
            var options = new PiKvmBootMenuOptions { Select = Select, MenuKey = MenuKey, MenuPattern = MenuPattern, Timeout = TimeSpan.FromSeconds(TimeoutSec), Restart = !NoRestart };
            OnEachDevice(
                Approve,
                async (session, token) =>
                {
                    var progress = new ProgressRecord(KvmPveCmdlet.NextProgressId(), $"Boot menu of the machine behind {session.Server.Authority}", "starting");
                    try
                    {
                        return await session.BootMenuAsync(options, step => Post(() =>
                        {
                            WriteVerbose($"{session.Server.Authority}: {step}");
                            progress.StatusDescription = step;
                            WriteProgress(progress);
                        }), token).ConfigureAwait(false);
                    }
                    finally
                    {
                        Post(() =>
                        {
                            progress.RecordType = ProgressRecordType.Completed;
                            WriteProgress(progress);
                        });
                    }
                },
                Select);
        }

        /// <summary>Each step confirmed on its own, so -WhatIf lists them all and sends nothing.</summary>
        private bool Approve(PiKvmSession session)
        {
            string machine = $"the machine behind {session.Server}";
            bool all = NoRestart || ShouldProcess(machine, "Power it on, or reset it if it is on");
            all &= ShouldProcess(machine, $"Press {MenuKey} until the boot menu shows");
            all &= ShouldProcess(machine, $"Choose the entry like '{Select}' and press Enter");
            return all;
        }
    }
}
