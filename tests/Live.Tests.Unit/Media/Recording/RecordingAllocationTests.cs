using Live.Media.Recording;

namespace Live.Tests.Unit.Media.Recording;

public class RecordingAllocationTests
{
    [Fact]
    public void PacketPath_DepacketizeAndRecordDeltaFrames_AllocatesNothing()
    {
        var recorder = new TrackRecorder(new WebmWriter(Stream.Null, RecordingCodec.Vp8), new RecordingClock());
        var depacketizer = new Vp8Depacketizer(recorder);
        byte[] key = Vp8DepacketizerTests.Packet(0, 0, Vp8DepacketizerTests.KeyFrame, start: true, marker: true);
        depacketizer.Push(key);

        // Pre-built packets: sequence i, 30 fps timestamps, wrapping the 5 s Cluster limit several times.
        byte[][] packets = new byte[2000][];
        for (int i = 1; i < packets.Length; i++)
        {
            packets[i] = Vp8DepacketizerTests.Packet((ushort)i, (uint)(i * 3000), Vp8DepacketizerTests.DeltaFrame, start: true, marker: true);
        }

        for (int i = 1; i < 1000; i++)
        {
            depacketizer.Push(packets[i]);
        }

        const int PerBatch = 250;
        long allocated = SteadyStateAllocations.Least(batch =>
        {
            for (int i = 1000 + batch * PerBatch; i < 1000 + (batch + 1) * PerBatch; i++)
            {
                depacketizer.Push(packets[i]);
            }
        });

        Assert.Equal(packets.Length, recorder.FramesWritten);
        Assert.Equal(0, allocated);
    }
}
