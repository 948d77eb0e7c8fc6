using System.Diagnostics;
using NanoBanana.Emulator;

namespace NanoBanana.Tests.Emulator;

public class FaultInjectionTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_status_fault_answers_once_with_the_default_body_and_charges_nothing()
    {
        var key = emulator.NewAccount().Key;
        Arm(key, new FaultSpec { Kind = FaultKind.Status });

        using var faulted = await emulator.GenerateAsync(key, new { prompt = "a cat" });
        using var normal = await emulator.GenerateAsync(key, new { prompt = "a cat" });

        Assert.Equal("Injected fault 500", await faulted.AssertErrorAsync(500));
        Assert.Equal(200, (int)normal.StatusCode);
        Assert.Single(emulator.State.Generations(key));
        Assert.Equal(99, emulator.State.GetAccount(key)!.Credits);
    }

    [Fact]
    public async Task A_status_fault_sends_its_own_body_content_type_and_headers()
    {
        var key = emulator.NewAccount().Key;
        Arm(key, new FaultSpec
        {
            Kind = FaultKind.Status,
            Status = 429,
            Body = "slow down",
            ContentType = "text/plain",
            Headers = new Dictionary<string, string> { ["Retry-After"] = "Wed, 21 Oct 2026 07:28:00 GMT" },
            Match = new FaultMatch { Key = key, Method = "GET", Path = "/credits" },
        });

        using var response = await emulator.GetAsync("/credits", key);

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("slow down", await response.Content.ReadAsStringAsync());
        Assert.Equal(new DateTimeOffset(2026, 10, 21, 7, 28, 0, TimeSpan.Zero), response.Headers.RetryAfter?.Date);
    }

    [Fact]
    public async Task A_charging_status_fault_takes_the_job_and_then_answers_the_fault()
    {
        var key = emulator.NewAccount(new AccountSpec { LatencyMs = 60_000 }).Key;
        Arm(key, new FaultSpec { Kind = FaultKind.Status, Status = 502, Charge = true });
        var clock = Stopwatch.StartNew();

        using var response = await emulator.GenerateAsync(key, new { prompt = "a cat" });

        Assert.Equal("Injected fault 502", await response.AssertErrorAsync(502));
        Assert.InRange(clock.ElapsedMilliseconds, 0, 10_000);
        Assert.Equal(99, emulator.State.GetAccount(key)!.Credits);
        Assert.Equal(ProcessingStatus.Processing, Assert.Single(emulator.State.Generations(key)).Status);
    }

    [Fact]
    public async Task Malformed_json_keeps_the_status_and_the_charge()
    {
        var key = emulator.NewAccount().Key;
        Arm(key, new FaultSpec { Kind = FaultKind.MalformedJson, Match = new FaultMatch { Key = key, Mode = GenerationMode.Async } });

        using var response = await emulator.GenerateAsync(key, new { prompt = "a cat", mode = "async" });

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("{\"success\": tru", await response.Content.ReadAsStringAsync());
        Assert.Equal(99, emulator.State.GetAccount(key)!.Credits);
    }

    [Fact]
    public async Task A_reset_drops_the_connection_without_an_answer()
    {
        var key = emulator.NewAccount().Key;
        Arm(key, new FaultSpec { Kind = FaultKind.Reset, DelayMs = 50 });

        await Assert.ThrowsAsync<HttpRequestException>(() => emulator.GenerateAsync(key, new { prompt = "a cat" }));

        Assert.Empty(emulator.State.Generations(key));
        await Eventually.TrueAsync(() => emulator.State.Requests(key).Count == 1);
        Assert.Null(emulator.State.Requests(key)[0].Status);
    }

    [Fact]
    public async Task A_charging_reset_takes_the_job_first()
    {
        var key = emulator.NewAccount().Key;
        Arm(key, new FaultSpec { Kind = FaultKind.Reset, Charge = true });

        await Assert.ThrowsAsync<HttpRequestException>(() => emulator.GenerateAsync(key, new { prompt = "a cat", mode = "async" }));

        Assert.Equal(99, emulator.State.GetAccount(key)!.Credits);
        Assert.Single(emulator.State.Generations(key));
    }

    [Fact]
    public async Task A_reset_after_bytes_truncates_an_image_download()
    {
        var key = emulator.NewAccount().Key;
        var generation = await emulator.CompletedGenerationAsync(key);
        Arm(key, new FaultSpec { Kind = FaultKind.Reset, AfterBytes = 1000, Match = new FaultMatch { Origin = RequestOrigin.Cdn, Key = key } });

        using var response = await emulator.GetImageAsync(generation.ImageUrls[0]);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var received = new MemoryStream();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(response.Content.Headers.ContentLength > 1000);
        await Assert.ThrowsAnyAsync<IOException>(() => body.CopyToAsync(received));
        Assert.Equal(1000, received.Length);
    }

    [Fact]
    public async Task A_reset_after_bytes_cuts_a_stream()
    {
        var key = emulator.NewAccount().Key;
        Arm(key, new FaultSpec { Kind = FaultKind.Reset, AfterBytes = 20 });

        using var response = await emulator.GenerateAsync(key, new { prompt = "a cat", mode = "stream" });
        var capture = await SseCapture.ReadAsync(response);

        Assert.True(capture.Broken);
        Assert.Equal("data: {\"type\":\"statu", capture.Text);
    }

    [Fact]
    public async Task Slow_headers_delay_the_answer()
    {
        var key = emulator.NewAccount().Key;
        Arm(key, new FaultSpec { Kind = FaultKind.SlowHeaders, DelayMs = 300, Match = new FaultMatch { Key = key, Path = "/credits" } });
        var clock = Stopwatch.StartNew();

        using var response = await emulator.GetAsync("/credits", key);

        Assert.InRange(clock.ElapsedMilliseconds, 290, 10_000);
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task A_slow_body_arrives_in_paced_chunks_but_complete()
    {
        var key = emulator.NewAccount(new AccountSpec { ImageWidth = 32, ImageHeight = 32, JpegEvery = 0 }).Key;
        var generation = await emulator.CompletedGenerationAsync(key);
        using var reference = await emulator.GetImageAsync(generation.ImageUrls[0]);
        var expected = await reference.Content.ReadAsByteArrayAsync();
        Arm(key, new FaultSpec
        {
            Kind = FaultKind.SlowBody,
            ChunkBytes = expected.Length / 4,
            DelayMs = 60,
            Match = new FaultMatch { Origin = RequestOrigin.Cdn, Path = "/png/", Key = key },
        });
        var clock = Stopwatch.StartNew();

        using var slow = await emulator.GetImageAsync(generation.ImageUrls[0]);
        var received = await slow.Content.ReadAsByteArrayAsync();

        Assert.InRange(clock.ElapsedMilliseconds, 180, 10_000);
        Assert.Equal(expected, received);
    }

    [Fact]
    public async Task A_relative_redirect_keeps_its_status_and_location_as_given()
    {
        var key = emulator.NewAccount().Key;
        Arm(key, new FaultSpec
        {
            Kind = FaultKind.Redirect,
            Status = 308,
            Location = new Uri("/api/v1/credits/", UriKind.Relative),
            Match = new FaultMatch { Path = "/credits" },
        });

        using var response = await emulator.GetAsync("/credits", key);

        Assert.Equal(308, (int)response.StatusCode);
        Assert.Equal("/api/v1/credits/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_stall_sends_the_headers_and_the_first_bytes_then_nothing_until_the_client_leaves()
    {
        var key = emulator.NewAccount().Key;
        Arm(key, new FaultSpec
        {
            Kind = FaultKind.Stall,
            Status = 503,
            Body = """{"error":"Server is busy","type":"server_busy"}""",
            AfterBytes = 5,
            Match = new FaultMatch { Path = "/credits" },
        });

        using var response = await emulator.GetAsync("/credits", key);
        using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64];
        var first = 0;
        while (first < 5)
        {
            first += await body.ReadAsync(buffer.AsMemory(first));
        }

        using var patience = new CancellationTokenSource(300);

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal("{\"err", System.Text.Encoding.UTF8.GetString(buffer, 0, first));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => body.ReadAsync(buffer, patience.Token).AsTask());
    }

    [Fact]
    public async Task A_redirect_points_elsewhere_and_is_not_followed()
    {
        var key = emulator.NewAccount().Key;
        Arm(key, new FaultSpec { Kind = FaultKind.Redirect, Location = new Uri("http://127.0.0.1:9/steal") });

        using var response = await emulator.GenerateAsync(key, new { prompt = "a cat" });

        Assert.Equal(302, (int)response.StatusCode);
        Assert.Equal(new Uri("http://127.0.0.1:9/steal"), response.Headers.Location);
        Assert.Empty(emulator.State.Generations(key));
    }

    [Fact]
    public async Task A_busy_fault_is_the_documented_503_without_charge()
    {
        var key = emulator.NewAccount().Key;
        Arm(key, new FaultSpec { Kind = FaultKind.Busy });

        using var response = await emulator.GenerateAsync(key, new { prompt = "a cat", mode = "async" });
        var body = await response.JsonAsync();

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal(["error", "type", "activeTasks"], body.PropertyNames());
        Assert.Equal("server_busy", body.Text("type"));
        Assert.Equal(100, emulator.State.GetAccount(key)!.Credits);
    }

    [Fact]
    public async Task Skip_and_times_choose_which_matching_requests_fire()
    {
        var key = emulator.NewAccount().Key;
        Arm(key, new FaultSpec { Kind = FaultKind.Status, Status = 418, Skip = 1, Times = 2, Match = new FaultMatch { Key = key, Path = "/credits" } });

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await emulator.GetAsync("/credits", key);
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal([200, 418, 418, 200], statuses);
    }

    [Fact]
    public async Task An_unlimited_fault_fires_until_disarmed()
    {
        var key = emulator.NewAccount().Key;
        var id = Arm(key, new FaultSpec { Kind = FaultKind.Status, Status = 503, Times = 0, Match = new FaultMatch { Key = key, Path = "/credits" } });

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await emulator.GetAsync("/credits", key);
            statuses.Add((int)response.StatusCode);
        }

        Assert.True(emulator.State.DisarmFault(id));
        using var after = await emulator.GetAsync("/credits", key);

        Assert.Equal([503, 503, 503], statuses);
        Assert.Equal(200, (int)after.StatusCode);
        Assert.False(emulator.State.DisarmFault(id));
    }

    [Fact]
    public async Task Faults_fire_in_arming_order()
    {
        var key = emulator.NewAccount().Key;
        Arm(key, new FaultSpec { Kind = FaultKind.Status, Status = 501, Match = new FaultMatch { Key = key, Path = "/credits" } });
        Arm(key, new FaultSpec { Kind = FaultKind.Status, Status = 502, Match = new FaultMatch { Key = key, Path = "/credits" } });

        using var first = await emulator.GetAsync("/credits", key);
        using var second = await emulator.GetAsync("/credits", key);

        Assert.Equal((501, 502), ((int)first.StatusCode, (int)second.StatusCode));
    }

    [Theory]
    [InlineData("key")]
    [InlineData("mode")]
    [InlineData("prompt")]
    [InlineData("method")]
    [InlineData("path")]
    public async Task A_fault_only_fires_for_requests_it_matches(string field)
    {
        var key = emulator.NewAccount().Key;
        var match = field switch
        {
            "key" => new FaultMatch { Key = emulator.NewAccount().Key },
            "mode" => new FaultMatch { Key = key, Mode = GenerationMode.Stream },
            "prompt" => new FaultMatch { Key = key, PromptContains = "dragon" },
            "method" => new FaultMatch { Key = key, Method = "GET" },
            _ => new FaultMatch { Key = key, Path = "/models" },
        };
        emulator.State.ArmFault(new FaultSpec { Kind = FaultKind.Status, Status = 500, Times = 0, Match = match });

        using var missed = await emulator.GenerateAsync(key, new { prompt = "a cat", mode = "async" });

        Assert.Equal(200, (int)missed.StatusCode);
        using var hit = field switch
        {
            "key" => await emulator.GenerateAsync(match.Key, new { prompt = "a cat", mode = "async" }),
            "mode" => await emulator.GenerateAsync(key, new { prompt = "a cat", mode = "stream" }),
            "prompt" => await emulator.GenerateAsync(key, new { prompt = "a red dragon", mode = "async" }),
            "method" => await emulator.GetAsync("/credits", key),
            _ => await emulator.GetAsync("/models", key),
        };
        Assert.Equal(500, (int)hit.StatusCode);
    }

    [Fact]
    public async Task Cdn_faults_match_the_image_owner()
    {
        var owner = emulator.NewAccount().Key;
        var other = emulator.NewAccount().Key;
        var owned = await emulator.CompletedGenerationAsync(owner);
        var foreign = await emulator.CompletedGenerationAsync(other);
        Arm(owner, new FaultSpec
        {
            Kind = FaultKind.Status,
            Status = 200,
            Body = """{"error":"not an image"}""",
            Times = 0,
            Match = new FaultMatch { Origin = RequestOrigin.Cdn, Key = owner },
        });

        using var json = await emulator.GetImageAsync(owned.ImageUrls[0]);
        using var image = await emulator.GetImageAsync(foreign.ImageUrls[0]);

        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void Inconsistent_faults_are_refused()
    {
        Assert.Throws<ArgumentException>(() => emulator.State.ArmFault(new FaultSpec { Kind = FaultKind.Redirect }));
        Assert.Throws<ArgumentException>(() => emulator.State.ArmFault(new FaultSpec { Kind = FaultKind.Outcome }));
        Assert.Throws<ArgumentException>(() => emulator.State.ArmFault(new FaultSpec { Kind = FaultKind.Status, Status = 42 }));
        Assert.Throws<ArgumentException>(() => emulator.State.ArmFault(new FaultSpec { Kind = FaultKind.SlowBody, ChunkBytes = 0 }));
    }

    private string Arm(string key, FaultSpec fault) =>
        emulator.State.ArmFault(fault.Match.Key is null ? fault with { Match = fault.Match with { Key = key } } : fault);
}
