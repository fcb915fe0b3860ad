namespace KvmPve
{
    /// <summary>How a PiKVM session proves who it is.</summary>
    public enum PiKvmAuthMode
    {
        /// <summary>Log in once (<c>POST /api/auth/login</c>) and send the <c>auth_token</c> cookie.</summary>
        Session,

        /// <summary><c>X-KVMD-User</c> / <c>X-KVMD-Passwd</c> headers on every request.</summary>
        Header,

        /// <summary>HTTP Basic on every request (the password cannot contain <c>:</c>).</summary>
        Basic,
    }
}
