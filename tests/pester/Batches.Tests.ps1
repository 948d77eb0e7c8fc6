BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    $Art = Join-Path $TestDrive 'art'
}

Describe 'New-NbImage -ThrottleLimit' {
    It 'runs up to N generations at once and never more, in <Mode> mode' -TestCases @(@{ Mode = 'Sync' }, @{ Mode = 'Stream' }) {
        $account = New-TestAccount @{ credits = 50; latencyMs = 400; maxConcurrentSync = 4 }
        $prompts = 1..12 | ForEach-Object { "batch $_" }
        $result = Invoke-Collecting { $prompts | New-NbImage -Mode $Mode -ThrottleLimit 4 -ApiKey $account.key }
        $result.Errors | Should -BeNullOrEmpty
        $result.Output.Prompt | Sort-Object | Should -Be ($prompts | Sort-Object)
        $posts = @(Get-Requests -Key $account.key -Method POST)
        $posts | Should -HaveCount 12 -Because 'a 429 would mean more than 4 ran at once'
        Get-Credits $account.key | Should -Be 38
    }

    It 'overlaps generations: with the account limited to one at a time, a batch of 4 hits the limit and still succeeds' {
        $account = New-TestAccount @{ credits = 20; latencyMs = 300; maxConcurrentSync = 1 }
        $result = Invoke-Collecting { 1..4 | ForEach-Object { "overlap $_" } | New-NbImage -ThrottleLimit 4 -ApiKey $account.key -RetryIntervalSec 0 }
        $result.Errors | Should -BeNullOrEmpty
        $result.Output | Should -HaveCount 4
        @(Get-Requests -Key $account.key -Method POST | Where-Object status -EQ 429).Count | Should -BeGreaterThan 0
        Get-Credits $account.key | Should -Be 16
    }

    It 'finishes a batch whose submissions are answered 503 a third of the time, with no failed prompt and no double charge' {
        $account = New-TestAccount @{ credits = 100; latencyMs = 200 }
        Add-Fault @{ match = @{ key = $account.key; method = 'POST' }; kind = 'busy'; times = 8 }
        $prompts = 1..24 | ForEach-Object { "busy $_" }
        $result = Invoke-Collecting { $prompts | New-NbImage -Mode Async -Wait -ThrottleLimit 8 -ApiKey $account.key -RetryIntervalSec 0.05 }
        $result.Errors | Should -BeNullOrEmpty
        $result.Output | Should -HaveCount 24
        $generations = @(Invoke-NbEmulatorControl $Emulator GET "/generations?key=$($account.key)")
        $generations | Should -HaveCount 24
        ($generations | Group-Object prompt | Where-Object Count -GT 1) | Should -BeNullOrEmpty
        Get-Credits $account.key | Should -Be 76
    }

    It 'pauses the whole batch when one request is told the service is busy' {
        # Generations take a second, so without the shared pause the waiting prompts would go out during it.
        $account = New-TestAccount @{ credits = 20; latencyMs = 1000 }
        Add-Fault @{ match = @{ key = $account.key; method = 'POST' }; kind = 'status'; status = 429; body = '{"error":"Too many concurrent requests"}'; headers = @{ 'Retry-After' = '2' } }
        $result = Invoke-Collecting { 1..6 | ForEach-Object { "paused $_" } | New-NbImage -ThrottleLimit 3 -ApiKey $account.key }
        $result.Output | Should -HaveCount 6
        $posts = @(Get-Requests -Key $account.key -Method POST)
        $busyAt = [DateTimeOffset]($posts | Where-Object status -EQ 429 | Select-Object -First 1).time
        $sinceBusy = @($posts | ForEach-Object { ([DateTimeOffset]$_.time - $busyAt).TotalSeconds })
        # What was sent before the client read the 429 may still arrive just after it; nothing is sent during the
        # pause; after it, the refused prompt and the ones that waited go out.
        @($sinceBusy | Where-Object { $_ -gt 0.5 -and $_ -lt 1.9 }) | Should -BeNullOrEmpty
        @($sinceBusy | Where-Object { $_ -ge 1.9 }).Count | Should -BeGreaterOrEqual 2
    }

    It 'stops at -MaxCredits counting the generations still running' {
        $account = New-TestAccount @{ credits = 50; latencyMs = 300 }
        $result = Invoke-Collecting { 1..10 | ForEach-Object { "capped $_" } | New-NbImage -ThrottleLimit 4 -MaxCredits 5 -ApiKey $account.key }
        $result.Output | Should -HaveCount 5
        Assert-NbError $result.Errors[-1] -Id NbCreditLimitReached -Category LimitsExceeded
        (Get-Requests -Key $account.key -Method POST) | Should -HaveCount 5
        Get-Credits $account.key | Should -Be 45
    }

    It 'emits every generation already running before a terminating error' {
        $account = New-TestAccount @{ credits = 5; latencyMs = 300 }
        $result = Invoke-Collecting { 1..10 | ForEach-Object { "until broke $_" } | New-NbImage -ThrottleLimit 4 -ApiKey $account.key }
        $result.Output | Should -HaveCount 5
        Assert-NbError $result.Errors[-1] -Id NbInsufficientCredits -Category QuotaExceeded
        Get-Credits $account.key | Should -Be 0
    }

    It 'shows the batch in one progress bar and completes it' {
        $account = New-TestAccount @{ credits = 20; latencyMs = 300 }
        $run = Invoke-Captured { param($key) 1..6 | ForEach-Object { "bar $_" } | New-NbImage -ThrottleLimit 3 -ApiKey $key } -ArgumentList $account.key
        $run.Output | Should -HaveCount 6
        $statuses = $run.Progress | Where-Object RecordType -EQ 'Processing' | ForEach-Object StatusDescription
        $statuses | Where-Object { $_ -match '\d+ of \d+ finished, \d+ running, \d+ credits spent' } | Should -Not -BeNullOrEmpty
        $run.Progress[-1].RecordType | Should -Be 'Completed'
    }

    It 'stops within a second on Ctrl+C' {
        $account = New-TestAccount @{ credits = 20; latencyMs = 20000 }
        $ps = New-ModuleRunspace { param($key) 1..8 | ForEach-Object { "stop $_" } | New-NbImage -ThrottleLimit 4 -ApiKey $key } @($account.key)
        try {
            $null = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(15)
            while (@(Get-Requests -Key $account.key -Method POST).Count -lt 4 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.ElapsedMilliseconds | Should -BeLessThan 1000
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            (Get-Requests -Key $account.key -Method POST) | Should -HaveCount 4
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Save-NbImage -ThrottleLimit' {
    It 'downloads in parallel and saves every image once' {
        $account = New-TestAccount @{ credits = 20 }
        $generations = 1..8 | ForEach-Object { "save $_" } | New-NbImage -ThrottleLimit 4 -ApiKey $account.key
        Add-Fault @{ match = @{ origin = 'cdn'; key = $account.key }; kind = 'slowBody'; chunkBytes = 65536; delayMs = 50; times = 0 }
        $files = $generations | Save-NbImage -Path $Art -ThrottleLimit 8
        $files | Should -HaveCount 8
        ($files.GenerationId | Sort-Object) | Should -Be ($generations.Id | Sort-Object)
        @(Get-ChildItem -LiteralPath $Art -Force -Filter '*.tmp') | Should -BeNullOrEmpty
        $downloads = @(Get-Requests -Origin cdn -Key $account.key)
        $downloads | Should -HaveCount 8
    }
}
