BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'Stream mode under transport quirks' {
    BeforeEach {
        $account = Use-TestAccount @{ credits = 10; latencyMs = 300; progressSteps = @(20, 40, 60, 80); heartbeatMs = 50 }
    }

    It 'completes with <Case>' -TestCases @(
        @{ Case = 'CRLF line endings'; Fault = @{ lineEnding = 'crlf' } }
        @{ Case = 'CR-only line endings'; Fault = @{ lineEnding = 'cr' } }
        @{ Case = 'events split across writes mid-line and mid-JSON'; Fault = @{ split = $true } }
        @{ Case = 'several events in one write'; Fault = @{ coalesce = $true } }
        @{ Case = 'comments, unknown fields and a non-JSON data line'; Fault = @{ junk = $true } }
        @{ Case = 'everything at once'; Fault = @{ lineEnding = 'crlf'; split = $true; junk = $true; coalesce = $true } }
    ) {
        $Fault.match = @{ key = $account.key }
        $Fault.kind = 'stream'
        Add-Fault $Fault
        $result = Invoke-Collecting { New-NbImage 'quirky stream' -Mode Stream }
        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].Status | Should -Be 'Completed'
        $result.Output[0].Images | Should -HaveCount 1
        (Get-Requests -Key $account.key -Method POST) | Should -HaveCount 1
    }

    It 'completes with heartbeats sent as SSE comments' {
        $quiet = New-TestAccount @{ latencyMs = 400; heartbeatStyle = 'comment'; heartbeatMs = 30 }
        (New-NbImage 'comment heartbeats' -Mode Stream -ApiKey $quiet.key).Status | Should -Be 'Completed'
    }

    It 'follows the generation by polling when the stream breaks after the id is known: one POST, one charge' {
        $early = New-TestAccount @{ credits = 10; latencyMs = 500; streamEarlyId = $true; progressSteps = @(50) }
        Add-Fault @{ match = @{ key = $early.key }; kind = 'stream'; cutAfterEvents = 1 }
        $all = New-NbImage 'cut short' -Mode Stream -AspectRatio 3:2 -ApiKey $early.key -Verbose 4>&1
        $generation = $all | Where-Object { $_ -is [NanoBanana.NbGeneration] }
        $generation.Status | Should -Be 'Completed'
        $generation.AspectRatio | Should -Be '3:2'
        $generation.Images | Should -HaveCount 1
        ($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match 'polling instead of submitting again'
        (Get-Requests -Key $early.key -Method POST) | Should -HaveCount 1
        (Get-Requests -Key $early.key -Method GET -Path '/api/v1/generate').Count | Should -BeGreaterThan 0
        Get-Credits $early.key | Should -Be 9
    }

    It 'follows the generation by polling when the stream stalls past -StreamIdleTimeoutSec' {
        $early = New-TestAccount @{ latencyMs = 800; streamEarlyId = $true; heartbeatMs = 60000 }
        Add-Fault @{ match = @{ key = $early.key }; kind = 'stream'; stallAfterEvents = 1; stallMs = 0 }
        $started = [DateTime]::UtcNow
        $generation = New-NbImage 'stalled' -Mode Stream -StreamIdleTimeoutSec 1 -ApiKey $early.key
        ([DateTime]::UtcNow - $started).TotalSeconds | Should -BeLessThan 60 -Because 'a stalled stream is left after -StreamIdleTimeoutSec, long before -TimeoutSec'
        $generation.Status | Should -Be 'Completed'
        (Get-Requests -Key $early.key -Method POST) | Should -HaveCount 1
    }

    It 'follows the generation by polling when the final event lacks its blank line' {
        $early = New-TestAccount @{ latencyMs = 300; streamEarlyId = $true }
        Add-Fault @{ match = @{ key = $early.key }; kind = 'stream'; noFinalBlankLine = $true }
        (New-NbImage 'unterminated' -Mode Stream -ApiKey $early.key).Status | Should -Be 'Completed'
        (Get-Requests -Key $early.key -Method POST) | Should -HaveCount 1
    }

    It 'reports NbOutcomeUnknown, without resubmitting, when the stream breaks before the id is known' {
        Add-Fault @{ match = @{ key = $account.key }; kind = 'stream'; cutAfterEvents = 1 }
        $result = Invoke-Collecting { New-NbImage 'cut before the id' -Mode Stream; New-NbImage 'next' -Mode Stream }
        Assert-NbError $result.Errors[0] -Id NbOutcomeUnknown -Category OperationTimeout
        $result.Errors[0].Exception.Message | Should -Match 'before the service said the generation id'
        $result.Output.Prompt | Should -Be 'next'
        (Get-Requests -Key $account.key -Method POST) | Should -HaveCount 2
    }

    It 'reports NbTimeout naming the id when the generation outlasts -TimeoutSec' {
        $early = New-TestAccount @{ latencyMs = 10000; streamEarlyId = $true; heartbeatMs = 200 }
        $result = Invoke-Collecting { New-NbImage 'too slow' -Mode Stream -TimeoutSec 1 -ApiKey $early.key }
        Assert-NbError $result.Errors[0] -Id NbTimeout -Category OperationTimeout
        $result.Errors[0].Exception.Message | Should -Match 'Wait-NbGeneration -Id c[0-9a-z]{24}'
    }

    It 'answers a JSON reply to a stream request as if it were sync' {
        Add-Fault @{ match = @{ key = $account.key; method = 'POST' }; kind = 'status'; status = 200; charge = $true; contentType = 'application/json'; body = '{"success":true,"generationId":"cjsoninsteadofstream000000","imageUrls":["' + $Emulator.CdnUrl + '/png/1700000000000_001.png"],"creditsUsed":1,"remainingCredits":9}' }
        $generation = New-NbImage 'json please' -Mode Stream
        $generation.Id | Should -Be 'cjsoninsteadofstream000000'
        $generation.Status | Should -Be 'Completed'
    }
}
