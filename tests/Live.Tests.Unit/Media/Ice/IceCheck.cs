using System.Text;
using Live.Media.Stun;

namespace Live.Tests.Unit.Media.Ice;

/// <summary>Builds Binding requests shaped like Chromium's connectivity checks (RFC 8445 §7.1.1, §7.2.2).</summary>
internal sealed record IceCheck(string Username, string Password)
{
    public bool UseCandidate { get; init; }

    /// <summary>The PRIORITY attribute: the browser's candidate priority (Chromium's host UDP by default).</summary>
    public uint Priority { get; init; } = 0x6E7F1EFF;

    public bool Controlled { get; init; }

    public bool WithIntegrity { get; init; } = true;

    public bool WithUsername { get; init; } = true;

    public StunAttributeType? ExtraAttribute { get; init; }

    public StunTransactionId TransactionId { get; init; } = StunTransactionId.NewRandom();

    public byte[] Build()
    {
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId);
        if (WithUsername)
        {
            writer.AddText(StunAttributeType.Username, Username);
        }

        if (ExtraAttribute is StunAttributeType extra)
        {
            writer.AddAttribute(extra, [0x00, 0x01, 0x00, 0x0A]);
        }

        writer.AddUInt32(StunAttributeType.Priority, Priority);
        writer.AddUInt64(Controlled ? StunAttributeType.IceControlled : StunAttributeType.IceControlling, 0x1122334455667788);
        if (UseCandidate)
        {
            writer.AddFlag(StunAttributeType.UseCandidate);
        }

        if (WithIntegrity)
        {
            writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(Password));
        }

        writer.AddFingerprint();
        return writer.Written.ToArray();
    }
}
