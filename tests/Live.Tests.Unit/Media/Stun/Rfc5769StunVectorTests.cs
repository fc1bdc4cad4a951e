using System.Net;
using System.Text;
using Live.Media.Stun;

namespace Live.Tests.Unit.Media.Stun;

/// <summary>Every sample message of RFC 5769 §2: parse, check each attribute, verify the hashes, rebuild exactly.</summary>
public sealed class Rfc5769StunVectorTests
{
    private static readonly byte[] ShortTermKey = Encoding.UTF8.GetBytes(Rfc5769Vectors.ShortTermPassword);
    private static readonly byte[] VectorTransactionId = Hex.Decode(Rfc5769Vectors.TransactionIdHex);

    [Fact]
    public void SampleRequest_Parse_HasRfc5769Section21Attributes()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.SampleRequest, out StunMessage? message));

        Assert.Equal(StunMessageType.BindingRequest, message.Type);
        Assert.Equal(StunTransactionId.Read(VectorTransactionId), message.TransactionId);
        Assert.Equal("STUN test client", message.GetText(StunAttributeType.Software));
        Assert.Equal("evtj:h6vY", message.GetText(StunAttributeType.Username));
        Assert.True(message.TryGetUInt32(StunAttributeType.Priority, out uint priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(message.TryGetUInt64(StunAttributeType.IceControlled, out ulong tieBreaker));
        Assert.Equal(0x932ff9b151263b36ul, tieBreaker);
        Assert.Equal(
            [StunAttributeType.Software, StunAttributeType.Priority, StunAttributeType.IceControlled,
             StunAttributeType.Username, StunAttributeType.MessageIntegrity, StunAttributeType.Fingerprint],
            message.Attributes.Select(a => a.Type));
    }

    [Fact]
    public void SampleRequest_Hashes_VerifyWithShortTermPassword()
    {
        byte[] raw = Rfc5769Vectors.SampleRequest;

        Assert.True(StunMessage.VerifyIntegrity(raw, ShortTermKey));
        Assert.True(StunMessage.VerifyFingerprint(raw));
        Assert.False(StunMessage.VerifyIntegrity(raw, Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBu")));
    }

    [Fact]
    public void SampleRequest_BuiltWithWriter_EqualsVectorBytes()
    {
        // RFC 5769 §2.1: same attributes in the same order, USERNAME padded with three 0x20 bytes.
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, StunTransactionId.Read(VectorTransactionId));
        writer.AddText(StunAttributeType.Software, "STUN test client");
        writer.AddUInt32(StunAttributeType.Priority, 0x6e0001ff);
        writer.AddUInt64(StunAttributeType.IceControlled, 0x932ff9b151263b36);
        writer.AddAttribute(StunAttributeType.Username, "evtj:h6vY"u8, "   "u8);
        writer.AddMessageIntegrity(ShortTermKey);
        writer.AddFingerprint();

        Assert.Equal(Rfc5769Vectors.SampleRequest, writer.Written.ToArray());
    }

    [Fact]
    public void Ipv4Response_Parse_MapsTo192_0_2_1Port32853()
    {
        byte[] raw = Rfc5769Vectors.Ipv4Response;
        Assert.True(StunMessage.TryParse(raw, out StunMessage? message));

        Assert.Equal(StunMessageType.BindingSuccessResponse, message.Type);
        Assert.Equal("test vector", message.GetText(StunAttributeType.Software));
        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), mapped);
        Assert.True(StunMessage.VerifyIntegrity(raw, ShortTermKey));
        Assert.True(StunMessage.VerifyFingerprint(raw));
    }

    [Fact]
    public void Ipv4Response_BuiltWithWriter_EqualsVectorBytes()
    {
        byte[] expected = Rfc5769Vectors.Ipv4Response;
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, StunTransactionId.Read(VectorTransactionId));
        writer.AddAttribute(StunAttributeType.Software, "test vector"u8, " "u8);
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853));
        writer.AddMessageIntegrity(ShortTermKey);
        writer.AddFingerprint();

        Assert.Equal(expected, writer.Written.ToArray());
    }

    [Fact]
    public void Ipv6Response_Parse_MapsTo2001Db8Port32853()
    {
        byte[] raw = Rfc5769Vectors.Ipv6Response;
        Assert.True(StunMessage.TryParse(raw, out StunMessage? message));

        Assert.Equal(StunMessageType.BindingSuccessResponse, message.Type);
        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), mapped);
        Assert.True(StunMessage.VerifyIntegrity(raw, ShortTermKey));
        Assert.True(StunMessage.VerifyFingerprint(raw));
    }

    [Fact]
    public void Ipv6Response_BuiltWithWriter_EqualsVectorBytes()
    {
        byte[] expected = Rfc5769Vectors.Ipv6Response;
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, StunTransactionId.Read(VectorTransactionId));
        writer.AddAttribute(StunAttributeType.Software, "test vector"u8, " "u8);
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
        writer.AddMessageIntegrity(ShortTermKey);
        writer.AddFingerprint();

        Assert.Equal(expected, writer.Written.ToArray());
    }

    [Fact]
    public void LongTermRequest_Parse_HasUsernameNonceRealmAndNoFingerprint()
    {
        byte[] raw = Rfc5769Vectors.LongTermRequest;
        Assert.True(StunMessage.TryParse(raw, out StunMessage? message));

        Assert.Equal(StunMessageType.BindingRequest, message.Type);
        Assert.Equal(StunTransactionId.Read(Hex.Decode("78 ad 34 33 c6 ad 72 c0 29 da 41 2e")), message.TransactionId);
        Assert.Equal(Rfc5769Vectors.LongTermUsername, message.GetText(StunAttributeType.Username));
        Assert.Equal(Rfc5769Vectors.LongTermNonce, message.GetText(StunAttributeType.Nonce));
        Assert.Equal(Rfc5769Vectors.LongTermRealm, message.GetText(StunAttributeType.Realm));
        Assert.Null(message.GetAttribute(StunAttributeType.Fingerprint));
        Assert.False(StunMessage.VerifyFingerprint(raw));
    }

    [Fact]
    public void LongTermRequest_Integrity_VerifiesWithMd5Key()
    {
        byte[] raw = Rfc5769Vectors.LongTermRequest;
        byte[] key = StunMessageIntegrity.LongTermKey(
            Rfc5769Vectors.LongTermUsername, Rfc5769Vectors.LongTermRealm, Rfc5769Vectors.LongTermPasswordPrepared);
        byte[] wrongKey = StunMessageIntegrity.LongTermKey(
            Rfc5769Vectors.LongTermUsername, Rfc5769Vectors.LongTermRealm, "thematrix");

        Assert.True(StunMessage.VerifyIntegrity(raw, key));
        Assert.False(StunMessage.VerifyIntegrity(raw, wrongKey));
    }

    [Fact]
    public void LongTermRequest_RebuiltFromFieldsWithKey_EqualsVectorBytes()
    {
        byte[] expected = Rfc5769Vectors.LongTermRequest;
        byte[] key = StunMessageIntegrity.LongTermKey(
            Rfc5769Vectors.LongTermUsername, Rfc5769Vectors.LongTermRealm, Rfc5769Vectors.LongTermPasswordPrepared);
        var message = new StunMessage(StunMessageType.BindingRequest, StunTransactionId.Read(expected.AsSpan(8, 12)));
        message.Attributes.Add(StunAttribute.FromText(StunAttributeType.Username, Rfc5769Vectors.LongTermUsername));
        message.Attributes.Add(StunAttribute.FromText(StunAttributeType.Nonce, Rfc5769Vectors.LongTermNonce));
        message.Attributes.Add(StunAttribute.FromText(StunAttributeType.Realm, Rfc5769Vectors.LongTermRealm));

        var buffer = new byte[message.GetSerializedSize(withIntegrity: true, withFingerprint: false)];
        int written = message.WriteTo(buffer, key, appendFingerprint: false);

        Assert.Equal(expected.Length, written);
        Assert.Equal(expected, buffer);
    }

    public static TheoryData<string, string> AllVectors => new()
    {
        { "2.1", Rfc5769Vectors.SampleRequestHex },
        { "2.2", Rfc5769Vectors.Ipv4ResponseHex },
        { "2.3", Rfc5769Vectors.Ipv6ResponseHex },
        { "2.4", Rfc5769Vectors.LongTermRequestHex },
    };

    [Theory]
    [MemberData(nameof(AllVectors))]
    public void Vector_ParseThenWrite_ReproducesBytes(string section, string hex)
    {
        byte[] raw = Hex.Decode(hex);
        Assert.True(StunMessage.TryParse(raw, out StunMessage? message), $"RFC 5769 §{section}");

        var written = new byte[message.GetSerializedSize()];
        Assert.Equal(raw.Length, message.WriteTo(written));
        Assert.Equal(raw, written);
    }

    [Theory]
    [MemberData(nameof(AllVectors))]
    public void Vector_AnySingleBitFlipInsideHashedBytes_FailsIntegrity(string section, string hex)
    {
        byte[] raw = Hex.Decode(hex);
        byte[] key = section == "2.4"
            ? StunMessageIntegrity.LongTermKey(Rfc5769Vectors.LongTermUsername, Rfc5769Vectors.LongTermRealm, Rfc5769Vectors.LongTermPasswordPrepared)
            : ShortTermKey;
        Assert.True(StunMessageReader.TryParse(raw, out StunMessageReader reader));
        int integrityEnd = reader.MessageIntegrityOffset + StunMessageIntegrity.AttributeLength;

        for (int i = 0; i < integrityEnd; i++)
        {
            if (i is StunHeader.LengthOffset or StunHeader.LengthOffset + 1)
            {
                continue; // breaks framing instead, which the reader tests cover
            }

            byte[] tampered = (byte[])raw.Clone();
            tampered[i] ^= 0x01;
            Assert.False(StunMessage.VerifyIntegrity(tampered, key), $"RFC 5769 §{section}, byte {i}");
        }
    }
}
