namespace Live.Tests.Unit.Media.Recording;

/// <summary>A seekable in-memory stream that fails like a full disk once <see cref="Budget"/> bytes are written.</summary>
internal sealed class DiskFullStream(long budget) : MemoryStream
{
    public long Budget { get; } = budget;

    // MemoryStream routes span writes of subclasses through the array overload, so the check lives there.
    public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (Position + count > Budget)
        {
            throw new IOException("No space left on device");
        }

        base.Write(buffer, offset, count);
    }
}

/// <summary>A stream that cannot seek, like a pipe or an upload.</summary>
internal sealed class ForwardOnlyStream : MemoryStream
{
    public override bool CanSeek => false;

    public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
}
