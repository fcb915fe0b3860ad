using System;

namespace KvmPve
{
    /// <summary>A console Open-PveConsole, Wait-PveConsoleText or Enter-PveConsole keeps open: closed by Close-PveConsole or with its session.</summary>
    public abstract class PveConsole : IDisposable
    {
        private protected PveConsole(PveSession session, PveVm vm)
        {
            Session = session;
            VmId = vm.VmId;
            Node = vm.Node;
            Type = vm.Type;
            Guest = vm.Name ?? vm.VmId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public int VmId { get; }

        public string Node { get; }

        public PveGuestType Type { get; }

        public string Guest { get; }

        public abstract bool IsOpen { get; }

        public PveSession Session { get; }

        public abstract void Dispose();
    }
}
