BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    function Get-Generations([string] $Key) { @(Invoke-NbEmulatorControl $Emulator GET "/generations?key=$Key") }

    # The prompts the service charged more than once.
    function Get-ChargedTwice([string] $Key) {
        @(Get-Generations $Key | Group-Object prompt | Where-Object Count -GT 1 | ForEach-Object Name)
    }

    # The journal's records, skipping a line torn by a write in progress.
    function Read-Journal([string] $Path) {
        if (-not (Test-Path -LiteralPath $Path)) { return @() }
        @(Get-Content -LiteralPath $Path | ForEach-Object { try { $_ | ConvertFrom-Json } catch { } })
    }

    function Wait-Until([scriptblock] $Condition, [string] $What, [int] $Seconds = 120) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out waiting until $What." }
            Start-Sleep -Milliseconds 100
        }
    }

    # A CSV of prompts "prompt 01" ... in the folder.
    function New-PromptCsv([string] $Folder, [int] $Count) {
        $null = New-Item -ItemType Directory -Force $Folder
        $csv = Join-Path $Folder "$Count.csv"
        1..$Count | ForEach-Object { [pscustomobject]@{ Prompt = 'prompt {0:d2}' -f $_ } } | Export-Csv -LiteralPath $csv
        $csv
    }

    # Arms a fault that stalls the submission of one prompt: the service takes (and charges) it, the answer never comes.
    function Add-StalledSubmission([string] $Key, [string] $Prompt) {
        $null = Add-Fault @{ match = @{ key = $Key; method = 'POST'; path = '/generate'; promptContains = $Prompt }; kind = 'stall'; times = 1 }
    }

    # The batch of the crash tests, as a script taking the CSV, the journal, the output folder and more parameters.
    $script:Batch = 'param($csv, $journal, $out, $mode) Import-Csv $csv | New-NbImage -Mode $mode -Wait -Journal $journal -ThrottleLimit 4 | Save-NbImage -Path $out'

    # Starts the batch in a child PowerShell that uses the account's key.
    function Start-BatchProcess([string] $Key, [string] $Csv, [string] $Journal, [string] $Out, [string] $Mode = 'Async') {
        $script = "Import-Module '$ModuleManifest'; & { $script:Batch } '$Csv' '$Journal' '$Out' '$Mode'"
        $start = New-PwshStartInfo '-Command', $script
        $start.Environment['NANO_BANANA_API_KEY'] = $Key
        $start.Environment['NANO_BANANA_BASE_URL'] = $Emulator.BaseUrl
        $process = [Diagnostics.Process]::Start($start)
        $null = $process.StandardOutput.ReadToEndAsync()
        $null = $process.StandardError.ReadToEndAsync()
        $process
    }

    # Runs the batch again in a runspace of this process and returns what it wrote.
    function Invoke-Batch([string] $Csv, [string] $Journal, [string] $Out, [string] $Mode = 'Async') {
        Invoke-Captured ([scriptblock]::Create($script:Batch)) -ArgumentList $Csv, $Journal, $Out, $Mode
    }

    # What every crash test asserts after the rerun.
    function Assert-Resumed {
        param($Account, $Rerun, [string] $Out, [string[]] $Unanswered, [int] $Prompts)
        Get-ChargedTwice $Account.key | Should -BeNullOrEmpty
        foreach ($prompt in $Unanswered) {
            @(Get-Requests -Key $Account.key -Method POST | Where-Object { $_.body -match [regex]::Escape($prompt) }) | Should -HaveCount 1
        }
        $unknown = @($Rerun.Errors | Where-Object FullyQualifiedErrorId -Like 'NbOutcomeUnknown,*')
        @($Rerun.Errors | Where-Object FullyQualifiedErrorId -NotLike 'NbOutcomeUnknown,*') | Should -BeNullOrEmpty
        $unknown | Should -HaveCount $Unanswered.Count
        foreach ($prompt in $Unanswered) { ($unknown.Exception.Message -join "`n") | Should -Match ([regex]::Escape($prompt)) }
        $answered = @(Get-Generations $Account.key | Where-Object prompt -NotIn $Unanswered)
        $answered | Should -HaveCount ($Prompts - $Unanswered.Count)
        foreach ($generation in $answered) {
            @(Get-ChildItem -LiteralPath $Out -Filter "$($generation.id)-1.*") | Should -HaveCount 1
        }
        Get-ChildItem -LiteralPath $Out -Force -File | Where-Object Name -Like '.*.tmp' | Should -BeNullOrEmpty
        $Rerun.Output | Should -HaveCount ($Prompts - $Unanswered.Count)
    }
}

Describe 'New-NbImage -Count' {
    BeforeEach {
        $account = Use-TestAccount @{ credits = 20 }
    }

    It 'makes n generations of each prompt, each charged' {
        $generations = 'a', 'b' | New-NbImage -Count 3
        $generations | Should -HaveCount 6
        @($generations.Id | Sort-Object -Unique) | Should -HaveCount 6
        @($generations | Where-Object Prompt -EQ 'a') | Should -HaveCount 3
        @(Get-Requests -Key $account.key -Method POST) | Should -HaveCount 6
        Get-Credits $account.key | Should -Be 14
    }

    It 'counts every take with -WhatIf and -MaxCredits' {
        $run = Invoke-Captured { 'a', 'b' | New-NbImage -Count 3 -WhatIf }
        ($run.Information.MessageData.Message -join "`n") | Should -Match '6 generations would cost 6 credits'
        Get-Requests -Key $account.key -Method POST | Should -BeNullOrEmpty

        $limited = Invoke-Collecting { New-NbImage 'a' -Count 5 -MaxCredits 2 }
        $limited.Output | Should -HaveCount 2
        Assert-NbError $limited.Errors[-1] -Id NbCreditLimitReached -Category LimitsExceeded
        @(Get-Requests -Key $account.key -Method POST) | Should -HaveCount 2
    }
}

Describe 'New-NbImage -Journal' {
    BeforeEach {
        $account = Use-TestAccount @{ credits = 30 }
        $folder = New-TestFolderPath 'journal'
        $journal = Join-Path $folder 'batch.jsonl'
    }

    It 'records intent before the POST and the outcome after, and a rerun pays for nothing done' {
        $first = 'one', 'two', 'one' | New-NbImage -Journal $journal
        $first | Should -HaveCount 3
        $records = Read-Journal $journal
        @($records | Where-Object type -EQ 'intent') | Should -HaveCount 3
        @($records | Where-Object { $_.type -eq 'outcome' -and $_.status -eq 'Completed' }) | Should -HaveCount 3
        ($records | Where-Object prompt -EQ 'one').entry -replace '^.*-' | Should -Be 1, 2
        $credits = Get-Credits $account.key

        $again = 'one', 'two', 'one', 'three' | New-NbImage -Journal $journal
        $again | Should -HaveCount 4
        @($again.Id)[0..2] | Sort-Object | Should -Be ($first.Id | Sort-Object)
        @(Get-Requests -Key $account.key -Method POST) | Should -HaveCount 4
        Get-Credits $account.key | Should -Be ($credits - 1)
        foreach ($id in $first.Id) { @(Get-Requests -Key $account.key -Method GET | Where-Object query -Match $id) | Should -HaveCount 1 }
        (Get-Content -Raw -LiteralPath $journal) | Should -Not -Match ([regex]::Escape($account.key))
    }

    It 'resolves a relative -Journal path against the current location' {
        $null = New-Item -ItemType Directory $folder
        Push-Location $folder
        try { $null = New-NbImage 'here' -Journal 'relative.jsonl' } finally { Pop-Location }
        Test-Path (Join-Path $folder 'relative.jsonl') | Should -BeTrue
    }

    It 'resubmits what failed or was rejected, and what was refused without a charge' {
        $null = Add-Fault @{ match = @{ key = $account.key; method = 'POST'; promptContains = 'fails' }; kind = 'outcome'; outcome = 'Failed'; times = 1 }
        $null = Add-Fault @{ match = @{ key = $account.key; method = 'POST'; promptContains = 'busy' }; kind = 'status'; status = 400; body = '{"error":"bad"}'; times = 1 }
        # Async, so that the failed generation is known as failed (a sync failure is a 500: its outcome is unknown).
        $first = Invoke-Collecting { 'fails', 'busy', 'fine' | New-NbImage -Mode Async -Wait -ThrottleLimit 3 -Journal $journal }
        $first.Output.Status | Should -Contain 'Completed'
        $first.Errors | Should -HaveCount 2

        $again = Invoke-Collecting { 'fails', 'busy', 'fine' | New-NbImage -Mode Async -Wait -ThrottleLimit 3 -Journal $journal }
        $again.Errors | Should -BeNullOrEmpty
        $again.Output | Should -HaveCount 3
        @(Get-Requests -Key $account.key -Method POST | Where-Object { $_.body -match 'fine' }) | Should -HaveCount 1
        @(Get-Requests -Key $account.key -Method POST | Where-Object { $_.body -match 'fails' }) | Should -HaveCount 2
    }

    It 'reports a submission sent without an answer as NbOutcomeUnknown, and pays again only with -ResubmitUnknown' {
        $null = Add-Fault @{ match = @{ key = $account.key; method = 'POST'; promptContains = 'lost' }; kind = 'status'; status = 500; charge = $true; times = 1 }
        $null = Invoke-Collecting { 'lost' | New-NbImage -Journal $journal }
        # The first run's own NbOutcomeUnknown is recorded as unknown: the rerun does not pay again.
        $again = Invoke-Collecting { 'lost', 'kept' | New-NbImage -Journal $journal }
        Assert-NbError $again.Errors[0] -Id NbOutcomeUnknown -Category OperationTimeout
        $again.Errors[0].Exception.Message | Should -Match '"lost".*-ResubmitUnknown'
        $again.Output.Prompt | Should -Be 'kept'
        @(Get-Requests -Key $account.key -Method POST | Where-Object { $_.body -match 'lost' }) | Should -HaveCount 1

        $paid = Invoke-Collecting { 'lost' | New-NbImage -Journal $journal -ResubmitUnknown }
        $paid.Errors | Should -BeNullOrEmpty
        $paid.Output.Status | Should -Be 'Completed'
        @(Get-Requests -Key $account.key -Method POST | Where-Object { $_.body -match 'lost' }) | Should -HaveCount 2
    }

    It 'follows a generation the journal knows by id instead of submitting it again' {
        $slow = Use-TestAccount @{ credits = 5; latencyMs = 60000 }
        $null = New-NbImage 'slow' -Mode Async -Journal $journal
        $null = Invoke-NbEmulatorControl $Emulator PATCH "/generations/$((Get-Generations $slow.key)[0].id)" @{ outcome = 'Completed'; createdAt = [DateTimeOffset]::UtcNow.AddMinutes(-2).ToString('o') }
        $followed = 'slow' | New-NbImage -Mode Async -Wait -Journal $journal
        $followed.Status | Should -Be 'Completed'
        @(Get-Requests -Key $slow.key -Method POST) | Should -HaveCount 1
        (Get-NbHistory -Id $followed.Id).Status | Should -Be 'Completed' -Because 'the end of a followed generation goes to the history too'
    }

    It 'emits the journal''s copy with a warning when the service cannot read a done generation again' {
        $first = New-NbImage 'remembered' -Journal $journal
        $null = Add-Fault @{ match = @{ key = $account.key; method = 'GET'; path = '/generate' }; kind = 'status'; status = 404; body = '{"error":"gone"}'; times = 1 }
        $run = Invoke-Captured { param($journal) 'remembered' | New-NbImage -Journal $journal } -ArgumentList $journal
        $run.Errors | Should -BeNullOrEmpty
        $run.Output.Id | Should -Be $first.Id
        $run.Output.Images[0].Url | Should -Be $first.Images[0].Url
        ($run.Warning.Message -join "`n") | Should -Match "$($first.Id).*journal's copy"
    }

    It 'says with -WhatIf which requests are done, followed, unknown or new, and counts only new charges' {
        $null = 'done' | New-NbImage -Journal $journal
        $null = Add-Fault @{ match = @{ key = $account.key; method = 'POST'; promptContains = 'lost' }; kind = 'status'; status = 500; charge = $true; times = 1 }
        $null = Invoke-Collecting { 'lost' | New-NbImage -Journal $journal }
        $before = @(Get-Requests -Key $account.key -Method POST).Count
        $run = Invoke-Captured { param($journal) 'done', 'lost', 'new', 'newer' | New-NbImage -Journal $journal -WhatIf } -ArgumentList $journal
        $run.Errors | Should -BeNullOrEmpty
        $info = $run.Information.MessageData.Message -join "`n"
        $info | Should -Match '1 request\(s\) are done'
        $info | Should -Match '1 of unknown outcome'
        $info | Should -Match '2 would be submitted, costing 2 credits'
        @(Get-Requests -Key $account.key -Method POST).Count | Should -Be $before

        $limited = Invoke-Collecting { 'done', 'new' | New-NbImage -Journal $journal -MaxCredits 1 }
        $limited.Errors | Should -BeNullOrEmpty
        $limited.Output | Should -HaveCount 2
    }

    It 'refuses a journal that is a folder, before anything is sent' {
        $null = New-Item -ItemType Directory $folder
        $result = Invoke-Collecting { New-NbImage 'x' -Journal $folder }
        Assert-NbError $result.Errors[0] -Id NbInvalidRequest -Category InvalidArgument
        Get-Requests -Key $account.key -Method POST | Should -BeNullOrEmpty
    }
}

Describe 'A batch with a journal survives' {
    BeforeEach {
        $account = Use-TestAccount @{ credits = 60; latencyMs = 200 }
        $folder = New-TestFolderPath 'crash'
        $csv = New-PromptCsv $folder 20
        $journal = Join-Path $folder 'j.jsonl'
        $out = Join-Path $folder 'out'
    }

    It 'being killed hard mid-batch (async)' {
        # Prompts 09-12 are taken but never answered: they fill the 4 slots, so the batch stands still until the kill.
        $unanswered = 9..12 | ForEach-Object { 'prompt {0:d2}' -f $_ }
        $unanswered | ForEach-Object { Add-StalledSubmission $account.key $_ }
        $process = Start-BatchProcess $account.key $csv $journal $out
        try {
            Wait-Until { @(Get-Requests -Key $account.key -Method POST).Count -ge 12 -and @(Get-ChildItem -LiteralPath $out -File -ErrorAction Ignore).Count -ge 8 } '12 submissions and 8 images'
        }
        finally {
            Stop-Process -Id $process.Id -Force
            $process.WaitForExit()
        }
        $rerun = Invoke-Batch $csv $journal $out
        Assert-Resumed $account $rerun $out $unanswered 20
    }

    It 'Ctrl+C mid-batch, with generations still running (async)' {
        $unanswered = 'prompt 07', 'prompt 08'
        $unanswered | ForEach-Object { Add-StalledSubmission $account.key $_ }
        $ps = New-ModuleRunspace ([scriptblock]::Create($script:Batch)) @($csv, $journal, $out, 'Async')
        try {
            $null = $ps.BeginInvoke()
            # 09 and 10 are taken and being polled when the pipeline stops.
            Wait-Until { @(Read-Journal $journal | Where-Object { $_.status -eq 'Processing' -and $_.id }).Count -ge 8 } '8 submissions answered'
            $ps.Stop()
        }
        finally {
            $ps.Dispose()
        }
        $rerun = Invoke-Batch $csv $journal $out
        Assert-Resumed $account $rerun $out $unanswered 20
    }

    It 'stopped by an error the service returned (async)' {
        $null = Add-Fault @{ match = @{ key = $account.key; method = 'POST'; path = '/generate' }; kind = 'status'; status = 402; body = '{"error":"Insufficient credits"}'; skip = 6; times = 1 }
        $first = Invoke-Collecting { & ([scriptblock]::Create($script:Batch)) $csv $journal $out 'Async' }
        Assert-NbError $first.Errors[-1] -Id NbInsufficientCredits -Category QuotaExceeded
        $rerun = Invoke-Batch $csv $journal $out
        Assert-Resumed $account $rerun $out @() 20
    }

    It 'being killed hard in the middle of a download, leaving no temp file after the rerun' {
        $csv = New-PromptCsv $folder 3
        $null = Add-Fault @{ match = @{ origin = 'cdn'; key = $account.key }; kind = 'stall'; afterBytes = 1000; times = 1 }
        $process = Start-BatchProcess $account.key $csv $journal $out
        try {
            Wait-Until { @(Get-ChildItem -LiteralPath $out -Force -File -Filter '.*.tmp' -ErrorAction Ignore).Count -ge 1 } 'a download under way'
        }
        finally {
            Stop-Process -Id $process.Id -Force
            $process.WaitForExit()
        }
        @(Get-ChildItem -LiteralPath $out -Force -File -Filter '.*.tmp') | Should -Not -BeNullOrEmpty -Because 'the kill left the download it cut short'
        $rerun = Invoke-Batch $csv $journal $out
        Assert-Resumed $account $rerun $out @() 3
    }

    It 'being killed in the middle of a sync request, which is reported and not paid twice' {
        $csv = New-PromptCsv $folder 3
        Add-StalledSubmission $account.key 'prompt 02'
        $process = Start-BatchProcess $account.key $csv $journal $out 'Sync'
        try {
            Wait-Until { @(Get-Requests -Key $account.key -Method POST).Count -ge 2 -and @(Get-ChildItem -LiteralPath $out -File -ErrorAction Ignore).Count -ge 1 } 'the second submission'
        }
        finally {
            Stop-Process -Id $process.Id -Force
            $process.WaitForExit()
        }
        $rerun = Invoke-Batch $csv $journal $out 'Sync'
        Assert-Resumed $account $rerun $out @('prompt 02') 3
    }
}
