using System.Buffers.Binary;
using Live.Media.Recording;

namespace Live.Tests.Unit.Media.Recording;

/// <summary>A minimal independent EBML walker for the tests: reads the top level of a WebM Segment, the index and the Duration.</summary>
internal static class EbmlTestReader
{
    public static (uint Id, int Length) ReadId(ReadOnlySpan<byte> data)
    {
        int length = System.Numerics.BitOperations.LeadingZeroCount((uint)data[0]) - 24 + 1;
        uint id = 0;
        for (int i = 0; i < length; i++)
        {
            id = id << 8 | data[i];
        }

        return (id, length);
    }

    /// <summary>The elements directly inside <paramref name="data"/>: ID, data offset and data size (-1 for unknown).</summary>
    public static List<(uint Id, int Offset, long Size)> Children(ReadOnlySpan<byte> data)
    {
        var children = new List<(uint, int, long)>();
        int offset = 0;
        while (offset < data.Length)
        {
            (uint id, int idLength) = ReadId(data[offset..]);
            Assert.True(EbmlVarInt.TryRead(data[(offset + idLength)..], out ulong size, out int sizeLength, out bool unknown));
            int dataOffset = offset + idLength + sizeLength;
            children.Add((id, dataOffset, unknown ? -1 : (long)size));
            if (unknown)
            {
                break;
            }

            offset = dataOffset + (int)size;
        }

        return children;
    }

    public static ulong ReadUnsigned(ReadOnlySpan<byte> data)
    {
        ulong value = 0;
        foreach (byte b in data)
        {
            value = value << 8 | b;
        }

        return value;
    }

    public static WebmLayout ReadLayout(byte[] file)
    {
        List<(uint Id, int Offset, long Size)> top = Children(file);
        Assert.Equal(0x1A45DFA3u, top[0].Id);
        (uint segmentId, int segmentStart, long segmentSize) = top[1];
        Assert.Equal(0x18538067u, segmentId);
        int segmentEnd = segmentSize < 0 ? file.Length : segmentStart + (int)segmentSize;
        Assert.Equal(file.Length, segmentEnd);

        var layout = new WebmLayout { SegmentSizeKnown = segmentSize >= 0 };
        foreach ((uint id, int offset, long size) in Children(file.AsSpan(segmentStart, segmentEnd - segmentStart)))
        {
            ReadOnlySpan<byte> body = file.AsSpan(segmentStart + offset, (int)size);
            switch (id)
            {
                case 0x114D9B74:
                    foreach ((_, int seekOffset, long seekSize) in Children(body))
                    {
                        List<(uint Id, int Offset, long Size)> fields = Children(body.Slice(seekOffset, (int)seekSize));
                        ReadOnlySpan<byte> seek = body.Slice(seekOffset, (int)seekSize);
                        uint target = (uint)ReadUnsigned(seek.Slice(fields.Single(f => f.Id == 0x53AB).Offset, (int)fields.Single(f => f.Id == 0x53AB).Size));
                        long position = (long)ReadUnsigned(seek.Slice(fields.Single(f => f.Id == 0x53AC).Offset, (int)fields.Single(f => f.Id == 0x53AC).Size));
                        if (target == 0x1C53BB6B)
                        {
                            layout.SeekHeadCuesOffset = position;
                        }
                    }

                    break;
                case 0x1549A966:
                    foreach ((uint infoId, int infoOffset, long infoSize) in Children(body))
                    {
                        if (infoId == 0x4489)
                        {
                            layout.DurationMs = BinaryPrimitives.ReadDoubleBigEndian(body.Slice(infoOffset, (int)infoSize));
                        }
                    }

                    break;
                case 0x1F43B675:
                    layout.ClusterCount++;
                    break;
                case 0x1C53BB6B:
                    // The element starts at its ID: data offset minus ID (4) and size (8) lengths.
                    layout.CuesOffset = offset - 4 - 8;
                    foreach ((_, int pointOffset, long pointSize) in Children(body))
                    {
                        ReadOnlySpan<byte> point = body.Slice(pointOffset, (int)pointSize);
                        (uint _, int timeOffset, long timeSize) = Children(point).Single(c => c.Id == 0xB3);
                        layout.CueTimes.Add((long)ReadUnsigned(point.Slice(timeOffset, (int)timeSize)));
                    }

                    break;
            }
        }

        return layout;
    }

    internal sealed class WebmLayout
    {
        public bool SegmentSizeKnown { get; set; }

        public double DurationMs { get; set; } = double.NaN;

        public long SeekHeadCuesOffset { get; set; } = -1;

        public long CuesOffset { get; set; } = -2;

        public int ClusterCount { get; set; }

        public List<long> CueTimes { get; } = [];
    }
}
