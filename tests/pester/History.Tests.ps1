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

        $records = Read-HistoryRecord
        $records | Should -HaveCount 2
        $intent, $outcome = $records
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

        $records = Read-HistoryRecord
        $records | Should -HaveCount 4
        $refused = $records | Where-Object { $_.type -eq 'failure' }
        $refused.error | Should -Be 'NbInvalidRequest'
        $refused.message | Should -Match 'bad prompt'
        $refused.credits | Should -Be 0
        $refused.entry | Should -Be ($records | Where-Object { $_.type -eq 'intent' -and $_.prompt -eq 'refused prompt' }).entry
        $failed = $records | Where-Object { $_.type -eq 'outcome' }
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
