BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # A history file of the test's own, set as NANO_BANANA_HISTORY (the process's, so runspaces and children see it).
    function Use-TestHistory {
        $path = Join-Path (New-TestFolderPath 'history') 'history.jsonl'
        $env:NANO_BANANA_HISTORY = $path
        $path
    }

    # The history's records as objects, in file order.
    function Read-HistoryRecord([string] $Path = $env:NANO_BANANA_HISTORY) {
        if (-not (Test-Path -LiteralPath $Path)) { return @() }
        @(Get-Content -LiteralPath $Path | Where-Object { $_ } | ConvertFrom-Json)
    }

    # Fails if any key the emulator has seen appears in the file.
    function Assert-NoKey([string] $Path) {
        $text = Get-Content -LiteralPath $Path -Raw
        $keys = @((Get-Requests).key | Where-Object { $_ } | Sort-Object -Unique)
        $keys.Count | Should -BeGreaterThan 0
        foreach ($key in $keys) { $text.Contains($key) | Should -BeFalse -Because 'the history never holds a key' }
        $text | Should -Not -Match 'nb_[A-Za-z0-9]{8}'
    }
}

AfterAll {
    $env:NANO_BANANA_HISTORY = Join-Path $TestDrive 'history.jsonl'
}

Describe 'New-NbImage records every generation in the history' {
    BeforeEach {
        $account = Use-TestAccount @{ credits = 50 }
        $History = Use-TestHistory
    }

    It 'writes the intent and then the outcome, joined by an entry id, and never the key' {
        $generation = New-NbImage 'a lighthouse at dusk' -Model gemini-2.5-flash-image -AspectRatio 16:9 -Mode Stream

        # The stream names the generation before it ends: its id is recorded as soon as it is known, then the outcome.
        $records = Read-HistoryRecord
        $records | Should -HaveCount 3
        $intent, $taken, $outcome = $records
        $taken.type | Should -Be 'outcome'
        $taken.entry | Should -Be $intent.entry
        $taken.id | Should -Be $generation.Id
        $taken.status | Should -Be 'Processing'
        $intent.type | Should -Be 'intent'
        $intent.prompt | Should -Be 'a lighthouse at dusk'
        $intent.model | Should -Be 'gemini-2.5-flash-image'
        $intent.aspectRatio | Should -Be '16:9'
        $intent.mode | Should -Be 'Stream'
        $intent.entry | Should -Match '^[0-9a-f]{32}$'
        [DateTimeOffset]$intent.time | Should -BeLessOrEqual ([DateTimeOffset]$outcome.time)
        $outcome.type | Should -Be 'outcome'
        $outcome.entry | Should -Be $intent.entry
        $outcome.id | Should -Be $generation.Id
        $outcome.status | Should -Be 'Completed'
        $outcome.credits | Should -Be $generation.CreditsUsed
        $outcome.images | Should -Be @($generation.Images.Url.AbsoluteUri)
        [DateTimeOffset]$outcome.createdAt | Should -Be $generation.CreatedAt
        Assert-NoKey $History
    }

    It 'keeps the id of a generation whose wait was stopped, and Get-NbGeneration brings in its end' {
        $slow = Use-TestAccount @{ credits = 5; latencyMs = 60000 }
        $ps = New-ModuleRunspace { New-NbImage 'stopped while waiting' -Mode Async -Wait }
        try {
            $null = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not (Read-HistoryRecord | Where-Object id) -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 50
            }
            $ps.Stop()
        }
        finally {
            $ps.Dispose()
        }
        $id = @(Invoke-NbEmulatorControl $Emulator GET "/generations?key=$($slow.key)")[0].id
        $stopped = Get-NbHistory -Prompt 'stopped while waiting'
        $stopped.Id | Should -Be $id
        $stopped.Status | Should -Be 'Processing'

        $null = Invoke-NbEmulatorControl $Emulator PATCH "/generations/$id" @{ outcome = 'Completed'; createdAt = [DateTimeOffset]::UtcNow.AddMinutes(-2).ToString('o') }
        $null = $stopped | Get-NbGeneration
        $ended = Get-NbHistory -Prompt 'stopped while waiting'
        $ended.Status | Should -Be 'Completed'
        $ended.Images | Should -Not -BeNullOrEmpty
    }

    It 'writes the intent before the POST goes out' {
        Add-Fault @{ match = @{ key = $account.key; method = 'POST' }; kind = 'stall' }
        $ps = New-ModuleRunspace { New-NbImage 'stalled on the wire' }
        try {
            $null = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ((Get-Requests -Key $account.key -Method POST).Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 50
            }
            (Get-Requests -Key $account.key -Method POST) | Should -HaveCount 1

            $records = Read-HistoryRecord
            $records | Should -HaveCount 1
            $records[0].type | Should -Be 'intent'
            $records[0].prompt | Should -Be 'stalled on the wire'
            $ps.Stop()
        }
        finally {
            $ps.Dispose()
        }
    }

    It 'records a failure with its error id, and a failed generation as its outcome' {
        Add-Fault @{ match = @{ key = $account.key; method = 'POST'; promptContains = 'refused' }; kind = 'status'; status = 400; body = '{"error":"bad prompt"}' }
        Add-Fault @{ match = @{ key = $account.key; method = 'POST'; promptContains = 'broken' }; kind = 'outcome'; outcome = 'failed'; errorMessage = 'model crashed' }
        $result = Invoke-Collecting { 'refused prompt', 'broken prompt' | New-NbImage -Mode Async -Wait }
        $result.Errors | Should -HaveCount 2

        # The broken prompt's generation is recorded as taken (Processing, with its id) before it fails.
        $records = Read-HistoryRecord
        $records | Should -HaveCount 5
        $refused = $records | Where-Object { $_.type -eq 'failure' }
        $refused.error | Should -Be 'NbInvalidRequest'
        $refused.message | Should -Match 'bad prompt'
        $refused.credits | Should -Be 0
        $refused.entry | Should -Be ($records | Where-Object { $_.type -eq 'intent' -and $_.prompt -eq 'refused prompt' }).entry
        $taken, $failed = $records | Where-Object { $_.type -eq 'outcome' }
        $taken.status | Should -Be 'Processing'
        $taken.id | Should -Be $failed.id
        $failed.status | Should -Be 'Failed'
        $failed.message | Should -Match 'model crashed'
        $failed.entry | Should -Be ($records | Where-Object { $_.type -eq 'intent' -and $_.prompt -eq 'broken prompt' }).entry
    }

    It 'records an answer-less submission as NbOutcomeUnknown' {
        Add-Fault @{ match = @{ key = $account.key; method = 'POST' }; kind = 'reset'; charge = $true }
        $result = Invoke-Collecting { New-NbImage 'lost answer' -MaximumRetryCount 0 }
        $result.Errors | Should -HaveCount 1

        $failure = Read-HistoryRecord | Where-Object { $_.type -eq 'failure' }
        $failure.error | Should -Be 'NbOutcomeUnknown'
        $failure.PSObject.Properties.Name | Should -Not -Contain 'credits'
    }

    It 'names reference files and URLs, and data: URLs only by type and size' {
        $png = Join-Path $TestDrive 'cat.png'
        [IO.File]::WriteAllBytes($png, [byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A) + [byte[]]::new(64))
        $payload = [Convert]::ToBase64String([byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A) + [byte[]]::new(300))
        $null = New-NbImage 'three references' -ReferenceImagePath $png -ReferenceImageUrl "data:image/png;base64,$payload", 'https://example.com/dog.png'

        $intent = Read-HistoryRecord | Where-Object { $_.type -eq 'intent' }
        $intent.references | Should -HaveCount 3
        $intent.references | Should -Contain 'https://example.com/dog.png'
        $intent.references | Should -Contain 'cat.png'
        ($intent.references -join ' ') | Should -Match 'data:image/png'
        Get-Content -LiteralPath $History -Raw | Should -Not -Match ([regex]::Escape($payload.Substring(0, 40)))
    }

    It 'records nothing with -NoHistory' {
        $null = New-NbImage 'not recorded' -NoHistory
        Test-Path -LiteralPath $History | Should -BeFalse
    }

    It 'records nothing with NANO_BANANA_HISTORY=off' {
        $env:NANO_BANANA_HISTORY = 'OFF'
        $null = New-NbImage 'not recorded either'
        Test-Path -LiteralPath (Join-Path (Get-Location) 'OFF') | Should -BeFalse
        Test-Path -LiteralPath $History | Should -BeFalse
    }

    It 'warns once, and still generates, when the history cannot be written' {
        $null = New-Item -ItemType Directory $History
        $run = Invoke-Captured { 'first', 'second' | New-NbImage }

        $run.Output | Should -HaveCount 2
        $run.Errors | Should -HaveCount 0
        $run.Warning | Should -HaveCount 1
        "$($run.Warning[0])" | Should -Match ([regex]::Escape($History))
        "$($run.Warning[0])" | Should -Match 'NANO_BANANA_HISTORY'
        Get-Credits $account.key | Should -Be 48
    }

    It 'records nothing for -WhatIf' {
        $null = New-NbImage 'only asking' -WhatIf
        Test-Path -LiteralPath $History | Should -BeFalse
    }
}

Describe 'Writers at once' {
    It '8 runspaces and 2 processes writing the history at once lose and corrupt no line' {
        $account = Use-TestAccount @{ credits = 500; latencyMs = 10 }
        $History = Use-TestHistory
        $perWriter = 8
        $children = foreach ($writer in 1..2) {
            $start = New-PwshStartInfo '-Command', "Import-Module '$ModuleManifest'; 1..$perWriter | ForEach-Object { 'process $writer prompt ' + `$_ } | New-NbImage -Mode Async | Out-Null"
            [Diagnostics.Process]::Start($start)
        }
        $runspaces = foreach ($writer in 1..8) {
            $ps = New-ModuleRunspace { param($writer, $count) 1..$count | ForEach-Object { "runspace $writer prompt $_" } | New-NbImage -Mode Async } -ArgumentList $writer, $perWriter
            [pscustomobject]@{ PowerShell = $ps; Handle = $ps.BeginInvoke() }
        }
        foreach ($runspace in $runspaces) {
            $null = $runspace.PowerShell.EndInvoke($runspace.Handle)
            $runspace.PowerShell.Streams.Error | Should -HaveCount 0
            $runspace.PowerShell.Dispose()
        }
        foreach ($child in $children) {
            $child.WaitForExit(120000) | Should -BeTrue
            $child.StandardError.ReadToEnd() | Should -BeNullOrEmpty
            $child.ExitCode | Should -Be 0
        }

        $lines = @(Get-Content -LiteralPath $History)
        $lines | Should -HaveCount (2 * 10 * $perWriter)
        $records = @($lines | ConvertFrom-Json)
        $records | Should -HaveCount $lines.Count
        $entries = $records | Group-Object entry
        $entries | Should -HaveCount (10 * $perWriter)
        foreach ($entry in $entries) { @($entry.Group.type) | Should -Be @('intent', 'outcome') }
        @($records | Where-Object type -EQ intent | Select-Object -ExpandProperty prompt -Unique) | Should -HaveCount (10 * $perWriter)
        Assert-NoKey $History
    }
}

Describe 'Save-NbImage, Wait-NbGeneration and Get-NbGeneration add to the history' {
    BeforeEach {
        $account = Use-TestAccount @{ credits = 50 }
        $History = Use-TestHistory
        $Art = New-TestFolderPath
    }

    It 'records where Save-NbImage saved each image, and Get-NbHistory shows it as SavedTo' {
        $file = New-NbImage 'a saved fox' | Save-NbImage -Path $Art

        $saved = Read-HistoryRecord | Where-Object type -EQ saved
        $saved.id | Should -Be $file.GenerationId
        $saved.index | Should -Be 1
        $saved.path | Should -Be $file.FullName
        (Get-NbHistory).SavedTo | Should -Be @($file.FullName)
    }

    It 'records nothing for Save-NbImage -NoHistory' {
        $generation = New-NbImage 'an unrecorded save'
        $null = $generation | Save-NbImage -Path $Art -NoHistory
        Read-HistoryRecord | Where-Object type -EQ saved | Should -BeNullOrEmpty
    }

    It 'records the final state Wait-NbGeneration finds for an async generation' {
        $submitted = New-NbImage 'an async owl' -Mode Async
        (Get-NbHistory).Status | Should -Be 'Processing'

        $done = $submitted | Wait-NbGeneration -PollIntervalSec 0.2

        $history = Get-NbHistory
        $history.Status | Should -Be 'Completed'
        $history.Images.Url | Should -Be @($done.Images.Url)
        $history.Prompt | Should -Be 'an async owl'
    }

    It 'records the final state Get-NbGeneration reads, unless -NoHistory' {
        $submitted = New-NbImage 'another async owl' -Mode Async
        $null = $submitted | Wait-NbGeneration -PollIntervalSec 0.2 -NoHistory
        $null = $submitted | Get-NbGeneration -NoHistory
        (Get-NbHistory).Status | Should -Be 'Processing'

        $null = $submitted | Get-NbGeneration
        (Get-NbHistory).Status | Should -Be 'Completed'
        $submitted.RemainingCredits | Should -Not -BeNullOrEmpty
        (Get-NbHistory).RemainingCredits | Should -Be $submitted.RemainingCredits -Because 'a refresh that names no balance keeps the one recorded'
    }
}

Describe 'Get-NbHistory' {
    BeforeAll {
        $account = Use-TestAccount @{ credits = 100 }
        $History = Use-TestHistory
        $fox = New-NbImage 'a red fox' -Model gemini-2.5-flash-image
        $owl = New-NbImage 'a snowy owl' -Model nanobanan-2 -AspectRatio 16:9
        Add-Fault @{ match = @{ key = $account.key; method = 'POST' }; kind = 'status'; status = 400; body = '{"error":"no"}' }
        $null = New-NbImage 'a refused hare' 2>$null
        $hare = New-NbImage 'a second fox'
    }

    It 'emits NbGeneration objects, newest first, with credits, images and their expiry' {
        $all = @(Get-NbHistory)
        $all | Should -HaveCount 4
        $all[0] | Should -BeOfType ([NanoBanana.NbGeneration])
        $all.Prompt | Should -Be 'a second fox', 'a refused hare', 'a snowy owl', 'a red fox'
        $all[3].Id | Should -Be $fox.Id
        $all[3].CreditsUsed | Should -Be $fox.CreditsUsed
        $fox.RemainingCredits | Should -Not -BeNullOrEmpty
        $all[3].RemainingCredits | Should -Be $fox.RemainingCredits -Because 'the balance left after it shows in the Left column'
        $all[3].Images.Url | Should -Be @($fox.Images.Url)
        $all[3].Images[0].ExpiresAt | Should -Be ($fox.CreatedAt + [TimeSpan]::FromDays(15))
        $all[2].AspectRatio | Should -Be '16:9'
        $all[1].Status | Should -Be 'Failed'
        $all[1].Message | Should -Match 'NbInvalidRequest'
        $all[1].CreditsUsed | Should -Be 0
    }

    It 'filters by prompt wildcard, model, status, id, time and count' {
        @(Get-NbHistory '*fox*').Prompt | Should -Be 'a second fox', 'a red fox'
        @(Get-NbHistory -Prompt 'A RED*').Id | Should -Be $fox.Id
        @(Get-NbHistory -Model nanobanan-2).Id | Should -Be $owl.Id
        @(Get-NbHistory -Model 'gemini*').Count | Should -Be 3
        @(Get-NbHistory -Status Failed).Prompt | Should -Be 'a refused hare'
        @(Get-NbHistory -Status Completed).Count | Should -Be 3
        @(Get-NbHistory -Id $owl.Id).Prompt | Should -Be 'a snowy owl'
        @(Get-NbHistory -Last 2).Prompt | Should -Be 'a second fox', 'a refused hare'
        @(Get-NbHistory -Since (Get-Date).AddMinutes(5)) | Should -HaveCount 0
        @(Get-NbHistory -Since (Get-Date).AddHours(-1)) | Should -HaveCount 4
    }

    It 'pipes into Save-NbImage to fetch the images again' {
        $art = New-TestFolderPath
        $files = Get-NbHistory -Status Completed | Save-NbImage -Path $art
        @($files) | Should -HaveCount 3
        ($files.GenerationId | Sort-Object) | Should -Be (@($fox.Id, $owl.Id, $hare.Id) | Sort-Object)
    }

    It 'pipes into Get-NbGeneration to refresh from the service' {
        $fresh = Get-NbHistory -Id $owl.Id | Get-NbGeneration
        $fresh.Id | Should -Be $owl.Id
        $fresh.Status | Should -Be 'Completed'
    }

    It 'skips a torn last line and lines that are not records' {
        $copy = Join-Path (New-TestFolderPath 'torn') 'history.jsonl'
        $null = New-Item -ItemType Directory (Split-Path $copy)
        $text = (Get-Content -LiteralPath $History -Raw) -replace '^', "not json`n"
        [IO.File]::WriteAllText($copy, $text + '{"type":"intent","entry":"ab","prompt":"torn')
        $env:NANO_BANANA_HISTORY = $copy
        try {
            @(Get-NbHistory) | Should -HaveCount 4
        }
        finally {
            $env:NANO_BANANA_HISTORY = $History
        }
    }

    It 'warns and emits nothing when the history is off' {
        $env:NANO_BANANA_HISTORY = 'off'
        try {
            $run = Invoke-Captured { Get-NbHistory }
            $run.Output | Should -HaveCount 0
            $run.Warning | Should -HaveCount 1
        }
        finally {
            $env:NANO_BANANA_HISTORY = $History
        }
    }

    It 'is a NbHistoryUnavailable error when the history is a folder' {
        $env:NANO_BANANA_HISTORY = New-TestFolderPath 'folder'
        $null = New-Item -ItemType Directory $env:NANO_BANANA_HISTORY
        try {
            $result = Invoke-Collecting { Get-NbHistory }
            Assert-NbError $result.Errors[0] -Id NbHistoryUnavailable -Category ReadError
        }
        finally {
            $env:NANO_BANANA_HISTORY = $History
        }
    }
}

Describe 'Clear-NbHistory' {
    BeforeEach {
        $account = Use-TestAccount @{ credits = 50 }
        $History = Use-TestHistory
        $old = New-NbImage 'an old generation'
        $null = $old | Save-NbImage -Path (New-TestFolderPath)
        $new = New-NbImage 'a new generation'
        # Make the first one a month old, as the service would have created it.
        $lines = Get-Content -LiteralPath $History | ForEach-Object {
            $record = $_ | ConvertFrom-Json
            if ($record.id -eq $old.Id -and $record.createdAt) { $_ -replace '"createdAt":"[^"]+"', ('"createdAt":"' + [DateTimeOffset]::UtcNow.AddDays(-30).ToString('o') + '"') } else { $_ }
        }
        Set-Content -LiteralPath $History -Value $lines
    }

    It '-Before removes every record of the older generations and keeps the rest' {
        Clear-NbHistory -Before (Get-Date).AddDays(-7) -Confirm:$false

        @(Get-NbHistory).Id | Should -Be $new.Id
        $records = Read-HistoryRecord
        $records | Should -HaveCount 2
        $records.id | Should -Not -Contain $old.Id
    }

    It '-WhatIf says how many would go and removes nothing' {
        $before = Get-Content -LiteralPath $History -Raw
        $run = Invoke-FreshPowerShell 'Clear-NbHistory -Before (Get-Date).AddDays(-7) -WhatIf'
        "$($run.Output)" | Should -Match 'What if: .*Remove the 1 generation\(s\) created before'
        Get-Content -LiteralPath $History -Raw | Should -Be $before
        Clear-NbHistory -WhatIf
        Get-Content -LiteralPath $History -Raw | Should -Be $before
    }

    It 'without -Before removes everything' {
        Clear-NbHistory -Confirm:$false
        @(Get-NbHistory) | Should -HaveCount 0
        Read-HistoryRecord | Should -HaveCount 0
    }

    It 'asks first: ConfirmImpact is High' {
        (Get-Command Clear-NbHistory).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false).ConfirmImpact | Should -Be 'High'
    }
}
