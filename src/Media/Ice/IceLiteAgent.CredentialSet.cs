using System.Text;
using Live.Media.Stun;

namespace Live.Media.Ice;

public sealed partial class IceLiteAgent
{
    /// <summary>
    /// One immutable generation of credentials with the bytes the hot path compares against, swapped as a whole so a
    /// check never sees the local password of one generation with the ufrag of another.
    /// </summary>
    private sealed class CredentialSet
    {
        private readonly byte[] _expectedUsername;

        public CredentialSet(IceCredentials local, string? remoteUfrag, string? remotePassword)
        {
            Local = local;
            RemoteUfrag = remoteUfrag;
            RemotePassword = remotePassword;
            Key = StunMessageIntegrity.ShortTermKey(local.Password);
            _expectedUsername = remoteUfrag is null
                ? Encoding.UTF8.GetBytes(local.Ufrag + ":")
                : IceUsername.ForIncomingCheck(local.Ufrag, remoteUfrag);
        }

        public IceCredentials Local { get; }

        public string? RemoteUfrag { get; }

        public string? RemotePassword { get; }

        /// <summary>The MESSAGE-INTEGRITY key: the local password (RFC 8445 §7.2.2).</summary>
        public byte[] Key { get; }

        public bool Matches(ReadOnlySpan<byte> username) => RemoteUfrag is null
            ? username.Length > _expectedUsername.Length && username.StartsWith(_expectedUsername)
            : username.SequenceEqual(_expectedUsername);
    }
}
