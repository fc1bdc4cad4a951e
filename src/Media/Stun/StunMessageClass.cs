namespace Live.Media.Stun;

/// <summary>
/// The class of a STUN message: the two class bits (C1, C0) spread through the message type.
/// RFC 8489 §5: 0b00 request, 0b01 indication, 0b10 success response, 0b11 error response.
/// </summary>
public enum StunMessageClass : byte
{
    Request = 0b00,
    Indication = 0b01,
    SuccessResponse = 0b10,
    ErrorResponse = 0b11,
}
