BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'Wait-NbGeneration and Get-NbGeneration' {
    BeforeEach {
        $account = New-TestAccount @{ credits = 20; latencyMs = 300 }
        $env:NANO_BANANA_API_KEY = $account.key
    }

    AfterEach {
        Remove-Item Env:NANO_BANANA_API_KEY -ErrorAction Ignore
    }

    It 'emits each generation as it completes, polling all ids in one round per tick' {
        $quick = New-NbImage 'quick' -Mode Async
        $slowAccount = New-TestAccount @{ latencyMs = 1500 }
        $slow = New-NbImage 'slow' -Mode Async -ApiKey $slowAccount.key
        $done = @($quick) | Wait-NbGeneration -PollIntervalSec 0.1
        $done.Id | Should -Be $quick.Id
        $done.Status | Should -Be 'Completed'
        $slow.Status | Should -Be 'Processing'

        $first = New-NbImage 'first' -Mode Async
        $second = New-NbImage 'second' -Mode Async
        $before = @(Get-Requests -Key $account.key -Method GET).Count
        $results = $first, $second | Wait-NbGeneration -PollIntervalSec 0.25
        $results.Id | Sort-Object | Should -Be (@($first.Id, $second.Id) | Sort-Object)
        # The two may finish in different rounds, so the last rounds may poll one id: what the rule says is that rounds
        # never overlap (the n-th polls of both ids come before the next poll of either) while both are pending.
        $polls = @(Get-Requests -Key $account.key -Method GET | Select-Object -Skip $before)
        $seqs = foreach ($id in $first.Id, $second.Id) { , @($polls | Where-Object query -Match $id | ForEach-Object seq) }
        $together = [Math]::Min($seqs[0].Count, $seqs[1].Count)
        $together | Should -BeGreaterThan 0
        for ($round = 0; $round + 1 -lt $together; $round++) {
            [Math]::Max($seqs[0][$round], $seqs[1][$round]) | Should -BeLessThan ([Math]::Min($seqs[0][$round + 1], $seqs[1][$round + 1])) -Because "round $($round + 1) polls each pending id once, before round $($round + 2)"
        }
    }

    It 'keeps what a piped generation knows and the service does not say again: aspect ratio and references' {
        $url = 'https://example.com/a.png'
        $submitted = New-NbImage 'a wide view' -AspectRatio 16:9 -ReferenceImageUrl $url -Mode Async
        $waited = $submitted | Wait-NbGeneration -PollIntervalSec 0.1
        $waited.Status | Should -Be 'Completed'
        $waited.AspectRatio | Should -Be '16:9'
        $waited.ReferenceImages | Should -Be @($url)
        $got = $submitted | Get-NbGeneration
        $got.AspectRatio | Should -Be '16:9'
        $got.ReferenceImages | Should -Be @($url)
        (Get-NbGeneration -Id $submitted.Id).AspectRatio | Should -BeNullOrEmpty -Because 'an id alone carries nothing to keep'
    }

    It 'reads a generation piped in finished again at once, and gives one piped in processing the advised 5 s' {
        $done = New-NbImage 'already done'
        $again = Invoke-Collecting { $done | Wait-NbGeneration -TimeoutSec 4 }
        $again.Errors | Should -BeNullOrEmpty -Because 'a finished generation needs no first pause of 5 s, past this -TimeoutSec'
        $again.Output.Id | Should -Be $done.Id
        @(Get-Requests -Key $account.key -Method GET | Where-Object query -Match $done.Id) | Should -HaveCount 1

        $running = New-NbImage 'still running' -Mode Async
        $early = Invoke-Collecting { $running | Wait-NbGeneration -TimeoutSec 2 }
        Assert-NbError $early.Errors[0] -Id NbTimeout -Category OperationTimeout
        @(Get-Requests -Key $account.key -Method GET | Where-Object query -Match $running.Id) | Should -BeNullOrEmpty -Because 'the first poll of a running generation waits 5 s'
    }

    It 'binds ids by value, by property name and by the GenerationId alias' {
        $g = New-NbImage 'bind me' -Mode Async
        ($g.Id | Wait-NbGeneration -PollIntervalSec 0.1).Id | Should -Be $g.Id
        ([pscustomobject]@{ GenerationId = $g.Id } | Wait-NbGeneration -PollIntervalSec 0.1).Id | Should -Be $g.Id
        (Get-NbGeneration -GenerationId $g.Id).Id | Should -Be $g.Id
    }

    It 'reports a failed generation as NbGenerationFailed with the service''s reason, and goes on' {
        Add-Fault @{ match = @{ key = $account.key; promptContains = 'broken' }; kind = 'outcome'; outcome = 'failed'; errorMessage = 'Generation failed due to server error' }
        $result = Invoke-Collecting { 'broken', 'fine' | New-NbImage -Mode Async | Wait-NbGeneration -PollIntervalSec 0.1 }
        $result.Output | Should -HaveCount 1
        $result.Output[0].Prompt | Should -Be 'fine'
        Assert-NbError $result.Errors[0] -Id NbGenerationFailed -Category InvalidResult
        $result.Errors[0].Exception.Message | Should -Match 'Generation failed due to server error'
        $result.Errors[0].TargetObject.Status | Should -Be 'Failed'
    }

    It 'times out with NbTimeout naming the ids still pending' {
        Add-Fault @{ match = @{ key = $account.key }; kind = 'outcome'; outcome = 'never' }
        $stuck = New-NbImage 'forever' -Mode Async
        $started = [DateTime]::UtcNow
        $result = Invoke-Collecting { $stuck | Wait-NbGeneration -TimeoutSec 1 -PollIntervalSec 0.1 }
        ([DateTime]::UtcNow - $started).TotalSeconds | Should -BeLessThan 30 -Because 'the wait ends at -TimeoutSec, not when the generation does (never)'
        $result.Output | Should -BeNullOrEmpty
        Assert-NbError $result.Errors[0] -Id NbTimeout -Category OperationTimeout
        $result.Errors[0].Exception.Message | Should -Match $stuck.Id
    }

    It 'reports an unknown id as NbGenerationNotFound and goes on' {
        $known = New-NbImage 'known'
        $result = Invoke-Collecting { Get-NbGeneration -Id 'cnosuchgeneration00000000', $known.Id }
        $result.Output.Id | Should -Be $known.Id
        Assert-NbError $result.Errors[0] -Id NbGenerationNotFound -Category ObjectNotFound
        $result.Errors[0].TargetObject | Should -Be 'cnosuchgeneration00000000'

        $waited = Invoke-Collecting { Wait-NbGeneration -Id 'cnosuchgeneration00000000' -PollIntervalSec 0.1 }
        Assert-NbError $waited.Errors[0] -Id NbGenerationNotFound -Category ObjectNotFound
    }

    It 'does not show another key''s generation' {
        $mine = New-NbImage 'private'
        $other = New-TestAccount
        $result = Invoke-Collecting { Get-NbGeneration -Id $mine.Id -ApiKey $other.key }
        Assert-NbError $result.Errors[0] -Id NbGenerationNotFound -Category ObjectNotFound
    }

    It 'shows the batch''s progress and completes the bar' {
        $ids = @((New-NbImage 'a' -Mode Async).Id, (New-NbImage 'b' -Mode Async).Id)
        $run = Invoke-Captured { param($ids, $key) $ids | Wait-NbGeneration -PollIntervalSec 0.1 -ApiKey $key } -ArgumentList (, $ids), $account.key
        $run.Output | Should -HaveCount 2
        ($run.Progress | Where-Object RecordType -EQ 'Processing')[0].StatusDescription | Should -Match 'of 2 finished'
        $run.Progress[-1].RecordType | Should -Be 'Completed'
    }
}
