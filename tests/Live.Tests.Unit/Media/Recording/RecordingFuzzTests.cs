using Live.Media.Recording;

namespace Live.Tests.Unit.Media.Recording;

public class RecordingFuzzTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MutatedVp8Packets_NeverThrow_AndTheFileStaysWellFormed(int seed)
    {
        var random = new Random(seed);
        var stream = new MemoryStream();
        var recorder = new TrackRecorder(new WebmWriter(stream, RecordingCodec.Vp8, ownsStream: false), new RecordingClock());
        var depacketizer = new Vp8Depacketizer(recorder);
        ushort sequence = (ushort)random.Next();
        uint timestamp = (uint)random.Next();
        for (int i = 0; i < 3000; i++)
        {
            byte[] frame = random.Next(4) == 0 ? Vp8DepacketizerTests.KeyFrame : Vp8DepacketizerTests.DeltaFrame;
            timestamp += (uint)random.Next(-3000, 9000);
            foreach (byte[] packet in Vp8DepacketizerTests.Split(frame, sequence, timestamp, chunk: random.Next(1, 8)))
            {
                sequence++;
                if (random.Next(10) == 0)
                {
                    continue; // lost
                }

                depacketizer.Push(Mutate(random, packet));
            }

            sequence += (ushort)(random.Next(20) == 0 ? random.Next(-5, 5) : 0);
        }

        recorder.Stop();
        Assert.True(depacketizer.FramesEmitted > 0);
        Assert.Equal(TrackRecorderState.Stopped, recorder.State);
        EbmlTestReader.WebmLayout layout = EbmlTestReader.ReadLayout(stream.ToArray());
        Assert.True(layout.SegmentSizeKnown);
        Assert.True(layout.ClusterCount > 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RandomBytes_NeverThrowInAnyParser(int seed)
    {
        var random = new Random(seed);
        var vp8 = new Vp8Depacketizer(new CollectingSink());
        var opus = new OpusDepacketizer(new CollectingSink());
        for (int i = 0; i < 5000; i++)
        {
            var bytes = new byte[random.Next(0, 40)];
            random.NextBytes(bytes);
            if (bytes.Length > 0 && random.Next(2) == 0)
            {
                bytes[0] = (byte)(0x80 | bytes[0] & 0x3F); // RTP version 2, so the payload path is reached
            }

            vp8.Push(bytes);
            opus.Push(bytes);
            Vp8KeyFrameHeader.TryParse(bytes, out _);
            if (EbmlVarInt.TryRead(bytes, out ulong value, out int length, out bool unknown))
            {
                var again = new byte[length];
                if (unknown)
                {
                    EbmlVarInt.WriteUnknown(again, length);
                }
                else
                {
                    EbmlVarInt.Write(again, value, length);
                }

                Assert.Equal(bytes[..length], again);
            }
        }
    }

    private static byte[] Mutate(Random random, byte[] packet)
    {
        if (random.Next(8) != 0)
        {
            return packet;
        }

        byte[] copy = [.. packet];
        switch (random.Next(3))
        {
            case 0:
                copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                return copy;
            case 1:
                return copy[..random.Next(copy.Length)];
            default:
                copy[12] = (byte)random.Next(256); // rewrite the VP8 descriptor octet
                return copy;
        }
    }
}
