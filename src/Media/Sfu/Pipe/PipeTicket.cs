using System.Security.Cryptography;
using Live.Media.Srtp;

namespace Live.Media.Sfu;

/// <summary>
/// What the origin silo hands an edge silo (through the control plane) so the edge can receive one producer over a
/// pipe: the track it is, the payload types it carries, the SSRC the pipe uses, and two fresh SRTP master keys — one
/// for media origin → edge, one for feedback (PLI, FIR) edge → origin. Keys are generated per pipe and never reused.
/// </summary>
public sealed record PipeTicket(
    string ProducerId,
    string ParticipantId,
    TrackSource Source,
    MediaKind Kind,
    uint Ssrc,
    int ClockRate,
    IReadOnlyList<PipeCodec> Codecs,
    byte[] MediaKey,
    byte[] MediaSalt,
    byte[] FeedbackKey,
    byte[] FeedbackSalt)
{
    /// <summary>Every pipe uses AEAD AES-128-GCM (RFC 7714): one pass for encryption and authentication.</summary>
    public const SrtpProfile Profile = SrtpProfile.AeadAes128Gcm;

    internal static PipeTicket Create(Producer producer)
    {
        SrtpProfileParameters parameters = SrtpProfileParameters.For(Profile);
        return new PipeTicket(producer.Id, producer.ParticipantId, producer.Source, producer.Kind, WebRtcTransport.RandomSsrc(),
            producer.Codecs.ClockRate, producer.Codecs.DescribePrimaries(),
            RandomNumberGenerator.GetBytes(parameters.MasterKeyLength), RandomNumberGenerator.GetBytes(parameters.MasterSaltLength),
            RandomNumberGenerator.GetBytes(parameters.MasterKeyLength), RandomNumberGenerator.GetBytes(parameters.MasterSaltLength));
    }

    /// <summary>The SRTP context of the media direction; throws <see cref="ArgumentException"/> for keys of the wrong length.</summary>
    internal SrtpContext CreateMediaContext() => new(new SrtpMasterKey(Profile, MediaKey, MediaSalt));

    /// <summary>The SRTP context of the feedback direction; throws <see cref="ArgumentException"/> for keys of the wrong length.</summary>
    internal SrtpContext CreateFeedbackContext() => new(new SrtpMasterKey(Profile, FeedbackKey, FeedbackSalt));
}
