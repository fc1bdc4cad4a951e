namespace Live.Media.Rtcp;

/// <summary>RTCP packet type numbers and the feedback message formats (FMT) used inside the two feedback types.</summary>
public static class RtcpPacketType
{
    /// <summary>RFC 3550 §6.4.1: sender report.</summary>
    public const byte SenderReport = 200;

    /// <summary>RFC 3550 §6.4.2: receiver report.</summary>
    public const byte ReceiverReport = 201;

    /// <summary>RFC 3550 §6.5: source description.</summary>
    public const byte SourceDescription = 202;

    /// <summary>RFC 3550 §6.6: goodbye.</summary>
    public const byte Goodbye = 203;

    /// <summary>RFC 3550 §6.7: application-defined.</summary>
    public const byte ApplicationDefined = 204;

    /// <summary>RFC 4585 §6.1: transport-layer feedback (RTPFB).</summary>
    public const byte TransportFeedback = 205;

    /// <summary>RFC 4585 §6.1: payload-specific feedback (PSFB).</summary>
    public const byte PayloadSpecificFeedback = 206;

    /// <summary>RFC 4585 §6.2.1: RTPFB FMT 1, generic NACK.</summary>
    public const byte GenericNackFormat = 1;

    /// <summary>draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: RTPFB FMT 15, transport-wide feedback.</summary>
    public const byte TransportWideCcFormat = 15;

    /// <summary>RFC 4585 §6.3.1: PSFB FMT 1, picture loss indication.</summary>
    public const byte PictureLossFormat = 1;

    /// <summary>RFC 5104 §4.3.1: PSFB FMT 4, full intra request.</summary>
    public const byte FullIntraRequestFormat = 4;

    /// <summary>RFC 4585 §6.4: PSFB FMT 15, application layer feedback (carries REMB).</summary>
    public const byte ApplicationLayerFeedbackFormat = 15;
}
