using Live.Media.Stun;

namespace Live.Tests.Unit.Media.Stun;

public sealed class StunMessageTypeTests
{
    // RFC 8489 §6: Binding request 0x0001, success 0x0101, error 0x0111; an indication is 0x0011.
    [Theory]
    [InlineData(0x0001, StunMessageClass.Request)]
    [InlineData(0x0011, StunMessageClass.Indication)]
    [InlineData(0x0101, StunMessageClass.SuccessResponse)]
    [InlineData(0x0111, StunMessageClass.ErrorResponse)]
    public void TryFromWire_BindingTypes_DecodeMethodAndClass(ushort wire, StunMessageClass expectedClass)
    {
        Assert.True(StunMessageType.TryFromWire(wire, out StunMessageType type));

        Assert.Equal(StunMethod.Binding, type.Method);
        Assert.Equal(expectedClass, type.Class);
        Assert.Equal(wire, type.ToWire());
    }

    [Fact]
    public void TryFromWire_EveryLegalValue_RoundTrips()
    {
        for (int wire = 0; wire <= StunMessageType.MaxWireValue; wire++)
        {
            Assert.True(StunMessageType.TryFromWire((ushort)wire, out StunMessageType type));
            Assert.Equal(wire, type.ToWire());
        }
    }

    [Theory]
    [InlineData(0x4001)]
    [InlineData(0x8001)]
    [InlineData(0xFFFF)]
    public void TryFromWire_TopBitsSet_Rejected(ushort wire)
    {
        Assert.False(StunMessageType.TryFromWire(wire, out _));
    }

    [Fact]
    public void ToWire_MaxMethodErrorClass_Is0x3FFF()
    {
        Assert.Equal(0x3FFF, new StunMessageType((StunMethod)0xFFF, StunMessageClass.ErrorResponse).ToWire());
    }
}
