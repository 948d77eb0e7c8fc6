BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'The API key appears nowhere' {
    It 'in any stream, rendering, error, progress record or transcript, across successes and failures' {
        $account = New-TestAccount @{ credits = 50; streamEarlyId = $true; latencyMs = 200 }
        $wrong = New-TestAccount
        $key = $account.key
        Add-Fault @{ match = @{ key = $key; path = '/credits' }; kind = 'status'; status = 503; times = 1 }
        Add-Fault @{ match = @{ key = $key; promptContains = 'echo' }; kind = 'status'; status = 400; body = "{`"error`":`"Invalid request from key $key`"}" }
        Add-Fault @{ match = @{ key = $key; promptContains = 'cut' }; kind = 'stream'; cutAfterEvents = 1 }
        Add-Fault @{ match = @{ key = $key; promptContains = 'fail' }; kind = 'outcome'; outcome = 'failed'; errorMessage = "upstream said $key" }
        $transcript = Join-Path $TestDrive 'transcript.txt'
        $art = New-TestFolderPath

        $run = Invoke-Captured {
            param($key, $wrongKey, $transcript, $art)
            $VerbosePreference = 'Continue'
            $DebugPreference = 'Continue'
            $null = Start-Transcript -Path $transcript
            try {
                Connect-NbAccount -ApiKey $key -PassThru -RetryIntervalSec 0
                Get-NbCredit
                Get-NbModel -Refresh | Select-Object -First 1
                New-NbImage 'plain' | Save-NbImage -Path $art
                New-NbImage 'streamed' -Mode Stream | Save-NbImage -Path $art -Force
                New-NbImage 'cut stream' -Mode Stream
                New-NbImage 'echo my key back' -Mode Sync
                'async', 'fail later' | New-NbImage -Mode Async | Wait-NbGeneration -PollIntervalSec 0.1
                Get-NbGeneration -Id 'cmissing00000000000000000'
                Get-NbCredit -ApiKey $wrongKey
            }
            catch {
                $_
            }
            finally {
                $null = Stop-Transcript
            }
            Get-Error | Out-String
        } -ArgumentList $key, ('nb_' + 'e' * 64), $transcript, $art

        $run.Output | Where-Object { $_ -is [NanoBanana.NbGeneration] } | Should -Not -BeNullOrEmpty
        $run.Errors | Should -Not -BeNullOrEmpty
        $run.Verbose | Should -Not -BeNullOrEmpty
        $run.Progress | Should -Not -BeNullOrEmpty

        $texts = @(
            $run.Output | ForEach-Object { "$_"; $_ | Format-List * -Force | Out-String }
            $run.Errors | ForEach-Object { $_ | Format-List * -Force | Out-String; $_.Exception | Format-List * -Force | Out-String }
            $run.Verbose, $run.Warning, $run.Information | ForEach-Object { "$_" }
            $run.Progress | ForEach-Object { $_.Activity, $_.StatusDescription, $_.CurrentOperation }
            Get-Content -LiteralPath $transcript -Raw
        ) -join "`n"
        $texts | Should -Match 'nb_\*\*\*' -Because 'the server text that carried the key was shown, redacted'
        $texts | Should -Not -Match ([regex]::Escape($key))
        $texts | Should -Not -Match ('e' * 64)
        $texts | Should -Not -Match 'nb_[0-9a-f]{64}'
        foreach ($request in Get-Requests -Origin cdn -Key $key) {
            ($request.headers | ConvertTo-Json -Compress) | Should -Not -Match ([regex]::Escape($key))
        }
    }
}
