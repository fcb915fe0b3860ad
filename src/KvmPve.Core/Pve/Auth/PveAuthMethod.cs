namespace KvmPve
{
    /// <summary>How a Proxmox VE session proves who it is.</summary>
    public enum PveAuthMethod
    {
        /// <summary>A ticket from user and password (and TFA), renewed before it expires; CSRF token on every change.</summary>
        Ticket,

        /// <summary>An API token (<c>user@realm!tokenid</c> and its secret) on every request; no CSRF, no expiry handling.</summary>
        ApiToken,
    }
}
