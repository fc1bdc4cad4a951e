namespace Live.Media.Recording;

/// <summary>The header written before the first frame and the index written on close.</summary>
public sealed partial class WebmWriter
{
    private const string DocType = "webm";
    private const string AppName = "Live";

    // RFC 9559 §5.1.2.1: TimestampScale in ns per tick; 1 ms ticks make block timestamps plain milliseconds.
    private const ulong TimestampScaleNs = 1_000_000;

    // RFC 9559 §5.1.4.1.27: CodecDelay and SeekPreRoll are in ns; Opus uses its pre-skip and 80 ms (RFC 7845 §4.6).
    private const ulong OpusCodecDelayNs = OpusHead.PreSkip * 1_000_000_000UL / OpusDepacketizer.ClockRate;
    private const ulong OpusSeekPreRollNs = 80_000_000;

    // RFC 9559 §5.1.4.1.3: TrackType 1 = video, 2 = audio.
    private const ulong TrackTypeVideo = 1;
    private const ulong TrackTypeAudio = 2;

    // Room for a SeekHead with three Seek entries (96 octets with 8-octet sizes and positions) plus the Void after it.
    private const int SeekHeadReservedSize = 128;

    // Duration element: 2-octet ID, 1-octet size, 8-octet float.
    private const int DurationElementSize = 11;

    private readonly EbmlBuffer _scratch = new(512);
    private long _segmentSizeOffset;
    private long _segmentDataStart;
    private long _seekHeadOffset;
    private long _durationOffset;
    private long _infoOffset;
    private long _tracksOffset;

    private bool TryWriteHeader(ReadOnlySpan<byte> firstFrame, bool isKeyFrame)
    {
        if (Codec == RecordingCodec.Vp8)
        {
            if (!isKeyFrame || !Vp8KeyFrameHeader.TryParse(firstFrame, out Vp8KeyFrameHeader size))
            {
                return false;
            }

            VideoSize = size;
        }

        EbmlBuffer b = _scratch;
        b.Clear();
        int ebml = b.BeginMaster(MatroskaIds.Ebml);
        b.WriteUnsigned(MatroskaIds.EbmlVersion, 1);
        b.WriteUnsigned(MatroskaIds.EbmlReadVersion, 1);
        b.WriteUnsigned(MatroskaIds.EbmlMaxIdLength, 4);
        b.WriteUnsigned(MatroskaIds.EbmlMaxSizeLength, 8);
        b.WriteAscii(MatroskaIds.DocType, DocType);

        // CodecDelay and SeekPreRoll arrived with Matroska v4; readers need v2 features (SimpleBlock).
        b.WriteUnsigned(MatroskaIds.DocTypeVersion, 4);
        b.WriteUnsigned(MatroskaIds.DocTypeReadVersion, 2);
        b.EndMaster(ebml);

        b.WriteId(MatroskaIds.Segment);
        _segmentSizeOffset = b.Length;
        Span<byte> unknownSize = stackalloc byte[EbmlBuffer.PatchedSizeLength];
        EbmlVarInt.WriteUnknown(unknownSize, EbmlBuffer.PatchedSizeLength);
        b.WriteBytes(unknownSize);
        _segmentDataStart = b.Length;

        _seekHeadOffset = b.Length;
        b.WriteVoid(SeekHeadReservedSize);

        _infoOffset = b.Length;
        int info = b.BeginMaster(MatroskaIds.Info);
        b.WriteUnsigned(MatroskaIds.TimestampScale, TimestampScaleNs);
        b.WriteAscii(MatroskaIds.MuxingApp, AppName);
        b.WriteAscii(MatroskaIds.WritingApp, AppName);
        _durationOffset = b.Length;
        b.WriteVoid(DurationElementSize);
        b.EndMaster(info);

        _tracksOffset = b.Length;
        WriteTracks(b);
        WriteAndFlush(b.Written);
        return true;
    }

    private void WriteTracks(EbmlBuffer b)
    {
        int tracks = b.BeginMaster(MatroskaIds.Tracks);
        int entry = b.BeginMaster(MatroskaIds.TrackEntry);
        b.WriteUnsigned(MatroskaIds.TrackNumber, 1);
        b.WriteUnsigned(MatroskaIds.TrackUid, (ulong)Random.Shared.NextInt64(1, long.MaxValue));
        b.WriteUnsigned(MatroskaIds.FlagLacing, 0);
        if (Codec == RecordingCodec.Vp8)
        {
            b.WriteUnsigned(MatroskaIds.TrackType, TrackTypeVideo);
            b.WriteAscii(MatroskaIds.CodecId, "V_VP8");
            int video = b.BeginMaster(MatroskaIds.Video);
            b.WriteUnsigned(MatroskaIds.PixelWidth, (ulong)VideoSize!.Value.Width);
            b.WriteUnsigned(MatroskaIds.PixelHeight, (ulong)VideoSize.Value.Height);
            b.EndMaster(video);
        }
        else
        {
            b.WriteUnsigned(MatroskaIds.TrackType, TrackTypeAudio);
            b.WriteAscii(MatroskaIds.CodecId, "A_OPUS");
            Span<byte> head = stackalloc byte[OpusHead.Size];
            OpusHead.WriteTo(head);
            b.WriteBinary(MatroskaIds.CodecPrivate, head);
            b.WriteUnsigned(MatroskaIds.CodecDelay, OpusCodecDelayNs);
            b.WriteUnsigned(MatroskaIds.SeekPreRoll, OpusSeekPreRollNs);
            int audio = b.BeginMaster(MatroskaIds.Audio);
            b.WriteFloat(MatroskaIds.SamplingFrequency, OpusDepacketizer.ClockRate);
            b.WriteUnsigned(MatroskaIds.Channels, OpusHead.Channels);
            b.EndMaster(audio);
        }

        b.EndMaster(entry);
        b.EndMaster(tracks);
    }

    private void FinishFile(long durationMs)
    {
        long cuesOffset = BytesWritten;
        EbmlBuffer b = _scratch;
        b.Clear();
        int cues = b.BeginMaster(MatroskaIds.Cues);
        foreach ((long timestamp, long clusterPosition) in _cues)
        {
            int point = b.BeginMaster(MatroskaIds.CuePoint);
            b.WriteUnsigned(MatroskaIds.CueTime, (ulong)timestamp);
            int positions = b.BeginMaster(MatroskaIds.CueTrackPositions);
            b.WriteUnsigned(MatroskaIds.CueTrack, 1);
            b.WriteUnsigned(MatroskaIds.CueClusterPosition, (ulong)clusterPosition);
            b.EndMaster(positions);
            b.EndMaster(point);
        }

        b.EndMaster(cues);
        WriteAndFlush(b.Written);
        long end = BytesWritten;
        if (!_stream!.CanSeek)
        {
            // Still a valid live-style file: unknown Segment size, no index.
            return;
        }

        b.Clear();
        Span<byte> segmentSize = stackalloc byte[EbmlBuffer.PatchedSizeLength];
        EbmlVarInt.Write(segmentSize, (ulong)(end - _segmentDataStart), EbmlBuffer.PatchedSizeLength);
        b.WriteBytes(segmentSize);
        Patch(_segmentSizeOffset, b.Written);

        b.Clear();
        b.WriteFloat(MatroskaIds.Duration, durationMs);
        Patch(_durationOffset, b.Written);

        b.Clear();
        int seekHead = b.BeginMaster(MatroskaIds.SeekHead);
        WriteSeek(b, MatroskaIds.Info, _infoOffset - _segmentDataStart);
        WriteSeek(b, MatroskaIds.Tracks, _tracksOffset - _segmentDataStart);
        WriteSeek(b, MatroskaIds.Cues, cuesOffset - _segmentDataStart);
        b.EndMaster(seekHead);
        b.WriteVoid(SeekHeadReservedSize - b.Length);
        Patch(_seekHeadOffset, b.Written);

        _stream.Seek(_origin + end, SeekOrigin.Begin);
        _stream.Flush();
    }

    private static void WriteSeek(EbmlBuffer b, uint id, long position)
    {
        int seek = b.BeginMaster(MatroskaIds.Seek);
        Span<byte> idBytes = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(idBytes, id);
        b.WriteBinary(MatroskaIds.SeekId, idBytes[(4 - MatroskaIds.LengthOf(id))..]);
        b.WriteUnsigned(MatroskaIds.SeekPosition, (ulong)position, 8);
        b.EndMaster(seek);
    }

    private void Patch(long offset, ReadOnlySpan<byte> bytes)
    {
        _stream!.Seek(_origin + offset, SeekOrigin.Begin);
        _stream.Write(bytes);
    }
}
