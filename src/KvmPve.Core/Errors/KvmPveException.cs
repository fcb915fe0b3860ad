using System;

namespace KvmPve.Errors
{
    /// <summary>
    /// Every failure Core reports. The message is written for the user and never carries a secret;
    /// <see cref="ErrorId"/> is stable so scripts can act on it.
    /// </summary>
    public class KvmPveException : Exception
    {
        public KvmPveException(ErrorKind kind, string errorId, string message, int? statusCode = null, string? serverError = null, Exception? inner = null)
            : base(message, inner)
        {
            Kind = kind;
            ErrorId = errorId;
            StatusCode = statusCode;
            ServerError = serverError;
        }

        public ErrorKind Kind { get; }

        public string ErrorId { get; }

        /// <summary>The HTTP status, when the server answered.</summary>
        public int? StatusCode { get; }

        /// <summary>The server's own error name (kvmd's error class, for example), when it gave one.</summary>
        public string? ServerError { get; }

        internal static KvmPveException Invalid(string errorId, string message) =>
            new KvmPveException(ErrorKind.InvalidArgument, errorId, message);
    }
}
