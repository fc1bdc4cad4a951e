using Live.Media.Recording;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// A recordings "disk" that stalls: the files are real, but every write waits until <see cref="Release"/>, as on a
/// hung network volume. Hand <see cref="Open"/> to <c>SfuOptions.OpenRecordingFile</c>.
/// </summary>
internal sealed class StallingRecordingFiles : IDisposable
{
    private readonly ManualResetEventSlim _released = new(false);
    private int _waiting;

    /// <summary>Writes blocked right now.</summary>
    public int WritesWaiting => Volatile.Read(ref _waiting);

    public Stream Open(string path) => new StallingStream(WebmWriter.OpenFile(path), this);

    /// <summary>The disk comes back: blocked and later writes go through.</summary>
    public void Release() => _released.Set();

    public void Dispose() => _released.Set();

    private void WaitForRelease()
    {
        Interlocked.Increment(ref _waiting);
        _released.Wait();
        Interlocked.Decrement(ref _waiting);
    }

    private sealed class StallingStream(Stream inner, StallingRecordingFiles disk) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            disk.WaitForRelease();
            inner.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush() => inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => inner.SetLength(value);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
