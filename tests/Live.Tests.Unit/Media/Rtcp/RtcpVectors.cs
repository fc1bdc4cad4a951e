namespace Live.Tests.Unit.Media.Rtcp;

/// <summary>Hand-assembled RTCP packets, field by field from the RFC layouts cited at each constant.</summary>
internal static class RtcpVectors
{
    // RFC 3550 §6.4.1: V=2 RC=1 PT=200 length=12 | SSRC | NTP | RTP ts | packets | octets | one report block:
    // SSRC 0x55667788, fraction 0x19, cumulative lost -2, ext. highest seq 0x00010203, jitter 10, LSR, DLSR.
    public const string SenderReport =
        "81C8000C 11223344 E4C6B2C5 8D4FDF3B 0001E240 00000064 00003E80 "
        + "55667788 19FFFFFE 00010203 0000000A B2C58D4F 00010000";

    // RFC 3550 §6.4.2: V=2 RC=1 PT=201 length=7 | SSRC | one report block.
    public const string ReceiverReport =
        "81C90007 11223344 55667788 19FFFFFE 00010203 0000000A B2C58D4F 00010000";

    // RFC 3550 §6.5: V=2 SC=1 PT=202 length=6 | SSRC | CNAME(1) len 16 "KpT45gZ10POhPbsL" | two null octets.
    public const string SourceDescription = "81CA0006 11223344 0110 4B70543435675A3130504F685062734C 0000";

    // RFC 3550 §6.6: V=2 SC=1 PT=203 length=2 | SSRC | reason length 3 "bye".
    public const string Goodbye = "81CB0002 11223344 03627965";

    // RFC 4585 §6.2.1: V=2 FMT=1 PT=205 length=3 | sender | media | PID 100, BLP 0b101 (101 and 103 lost too).
    public const string GenericNack = "81CD0003 00000001 11223344 00640005";

    // RFC 4585 §6.3.1: V=2 FMT=1 PT=206 length=2 | sender | media.
    public const string PictureLoss = "81CE0002 00000001 11223344";

    // RFC 5104 §4.3.1.1: V=2 FMT=4 PT=206 length=4 | sender | media 0 | SSRC 0x11223344, seq 7, reserved.
    public const string FullIntraRequest = "84CE0004 00000001 00000000 11223344 07000000";

    // draft-alvestrand-rmcat-remb-03 §2.2: V=2 FMT=15 PT=206 length=5 | sender | media 0 | "REMB" | num 1, exp 2,
    // mantissa 250000 (1 Mbit/s) | SSRC.
    public const string Remb = "8FCE0005 00000001 00000000 52454D42 010BD090 11223344";

    // draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: V=2 P=1 FMT=15 PT=205 length=6 | sender | media |
    // base seq 1, count 4 | reference time 16 (1.024 s), fb count 5 | two-bit vector: small small lost large |
    // deltas 4 (1 ms), 8 (2 ms), -200 (-50 ms) | padding 00 02.
    public const string TransportWide = "AFCD0006 00000001 11223344 00010004 00001005 D480 0408FF38 0002";

    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
}
