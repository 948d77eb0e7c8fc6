BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # Starts a script in another runspace, waits until the emulator has seen what -Until looks for, then stops the
    # pipeline as Ctrl+C does and measures how long stopping took.
    function Measure-Stop {
        param([scriptblock] $Script, [object[]] $ArgumentList, [scriptblock] $Until)
        $ps = New-ModuleRunspace $Script $ArgumentList
        try {
            $null = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(15)
            while (-not (& $Until) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            Start-Sleep -Milliseconds 200
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            [pscustomobject]@{ Milliseconds = $clock.ElapsedMilliseconds; State = $ps.InvocationStateInfo.State; Errors = @($ps.Streams.Error) }
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Ctrl+C stops within a second' {
    BeforeEach {
        $account = New-TestAccount @{ credits = 20; latencyMs = 20000; heartbeatMs = 500 }
        $Art = New-TestFolderPath
    }

    It 'during a <Mode> generation' -TestCases @(@{ Mode = 'Sync' }, @{ Mode = 'Stream' }, @{ Mode = 'Async' }) {
        $stop = Measure-Stop { param($key, $mode) New-NbImage 'stop me' -Mode $mode -Wait -ApiKey $key } -ArgumentList $account.key, $Mode -Until {
            (Get-Requests -Key $account.key -Method POST).Count -gt 0
        }
        $stop.State | Should -Be 'Stopped'
        $stop.Milliseconds | Should -BeLessThan 1000
        (Get-Requests -Key $account.key -Method POST) | Should -HaveCount 1
    }

    It 'during Wait-NbGeneration' {
        $id = (New-NbImage 'never waited for' -Mode Async -ApiKey $account.key).Id
        $stop = Measure-Stop { param($key, $id) Wait-NbGeneration -Id $id -PollIntervalSec 0.2 -ApiKey $key } -ArgumentList $account.key, $id -Until {
            (Get-Requests -Key $account.key -Method GET).Count -gt 0
        }
        $stop.State | Should -Be 'Stopped'
        $stop.Milliseconds | Should -BeLessThan 1000
    }

    It 'during a retry''s backoff sleep' {
        Add-Fault @{ match = @{ key = $account.key; path = '/credits' }; kind = 'status'; status = 429; headers = @{ 'Retry-After' = '60' } }
        $stop = Measure-Stop { param($key) Get-NbCredit -ApiKey $key } -ArgumentList $account.key -Until {
            (Get-Requests -Key $account.key -Path '/api/v1/credits').Count -gt 0
        }
        $stop.State | Should -Be 'Stopped'
        $stop.Milliseconds | Should -BeLessThan 1000
    }

    It 'during a download, leaving no file and no temp file' {
        $quick = New-TestAccount @{ credits = 5; imageBytes = 2000000 }
        $generation = New-NbImage 'big' -ApiKey $quick.key
        Add-Fault @{ match = @{ origin = 'cdn'; path = $generation.Images[0].Url.AbsolutePath }; kind = 'slowBody'; chunkBytes = 20000; delayMs = 100 }
        $stop = Measure-Stop { param($g, $path) $g | Save-NbImage -Path $path } -ArgumentList $generation, $Art -Until {
            (Get-Requests -Origin cdn -Path $generation.Images[0].Url.AbsolutePath).Count -gt 0
        }
        $stop.State | Should -Be 'Stopped'
        $stop.Milliseconds | Should -BeLessThan 1000
        Test-Path -LiteralPath $Art | Should -BeTrue -Because 'the download had started'
        Get-ChildItem -LiteralPath $Art -Force | Should -BeNullOrEmpty
    }
}

Describe 'The progress bar is completed when a command fails' {
    It 'after <Case>' -TestCases @(
        @{ Case = 'a failed stream'; Script = { param($key) New-NbImage 'doomed' -Mode Stream -ApiKey $key }; Fault = @{ kind = 'outcome'; outcome = 'failed' } }
        @{ Case = 'a failed wait'; Script = { param($key) New-NbImage 'doomed' -Mode Async -Wait -ApiKey $key }; Fault = @{ kind = 'outcome'; outcome = 'failed' } }
        @{ Case = 'an unknown outcome'; Script = { param($key) New-NbImage 'doomed' -ApiKey $key -RetryIntervalSec 0 }; Fault = @{ kind = 'reset'; charge = $true } }
    ) {
        $account = New-TestAccount @{ latencyMs = 300 }
        $Fault.match = @{ key = $account.key }
        Add-Fault $Fault
        $run = Invoke-Captured $Script -ArgumentList $account.key
        $run.Errors | Should -Not -BeNullOrEmpty
        $run.Progress | Should -Not -BeNullOrEmpty
        $run.Progress[-1].RecordType | Should -Be 'Completed'
    }
}

Describe 'A failing item never strands the others' {
    It 'turns any exception of one download, not only a service error, into that item''s error, and saves the rest' {
        $account = Use-TestAccount
        $good = New-NbImage 'kept' -ErrorAction Stop
        # The HTTP stack refuses this scheme with NotSupportedException, an error no service answer produces.
        $odd = [NanoBanana.NbImage]@{ Url = [uri]'ftp://example.com/odd.png'; Index = 1; GenerationId = 'odd' }
        $art = New-TestFolderPath
        $saved = @($odd, $good.Images[0]) | Save-NbImage -Path $art -ErrorVariable failed -ErrorAction SilentlyContinue
        $saved | Should -HaveCount 1
        $saved[0].Name | Should -BeLike "$($good.Id)-1.*"
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'NbImageUnavailable,*'
        $failed[0].Exception.Message | Should -BeLike '*ftp://example.com/odd.png*'
        @(Get-ChildItem -LiteralPath $art -Force -Filter '*.tmp') | Should -BeNullOrEmpty
    }
}
