using NanoBanana.Api;

namespace NanoBanana.Tests.Api;

[CollectionDefinition(nameof(SubmissionBodyMemoryTests), DisableParallelization = true)]
public sealed class SubmissionBodyMemoryRunsAlone;

/// <summary>Counts what the whole process allocates, so it runs with no other test beside it.</summary>
[Collection(nameof(SubmissionBodyMemoryTests))]
public sealed class SubmissionBodyMemoryTests
{
    [Fact]
    public async Task Writing_a_10_MB_file_allocates_a_small_fraction_of_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nb-10mb-{Guid.NewGuid():N}.png");
        await using (var file = File.Create(path))
        {
            file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
            file.SetLength(10 * 1024 * 1024);
        }

        try
        {
            var body = new GenerationRequest("p") { ReferenceImages = [ReferenceImage.FromFile(path)] }.CreateBody();
            var counter = new CountingStream();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            await body.WriteToAsync(counter);
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

            Assert.Equal(body.Length, counter.Length);
            Assert.True(allocated < 1024 * 1024, $"allocated {allocated} bytes writing a body of {body.Length} bytes");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class CountingStream : Stream
    {
        private long length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => length;

        public override long Position { get => length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => length += count;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
