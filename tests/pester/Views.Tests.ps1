# The default table views of NanoBanana.format.ps1xml, read the way a user sees them: the text Format-Table writes.

BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # The lines of an object's default view, wide enough that no column is dropped, without blank lines.
    function Get-ViewLines($InputObject) {
        @(($InputObject | Out-String -Width 200) -split '\r?\n' | Where-Object { $_.Trim() })
    }

    function Get-Header($InputObject) {
        (Get-ViewLines $InputObject)[0].Trim() -split '\s+'
    }

    function New-Image([Nullable[DateTimeOffset]] $ExpiresAt) {
        [NanoBanana.NbImage]@{ Url = 'https://cdn.example/png/1.png'; Index = 1; GenerationId = 'cmo2xv1me0gq0l4jwvwvwpnqd'; ExpiresAt = $ExpiresAt }
    }
}

Describe 'The default views' {
    AfterEach {
        Disconnect-NbAccount
    }

    It 'are tables for every output type' {
        foreach ($type in 'NbModel', 'NbCredit', 'NbGeneration', 'NbImage', 'NbImageInfo', 'NbAccount') {
            $format = Get-FormatData "NanoBanana.$type"
            $format | Should -Not -BeNullOrEmpty -Because "NanoBanana.$type needs a view"
            $format.FormatViewDefinition[0].Control | Should -BeOfType ([System.Management.Automation.TableControl])
        }
    }

    It 'show a generation''s id, status, model, credits used and left, image count and a short prompt' {
        $account = New-TestAccount @{ credits = 10 }
        $prompt = 'a red panda astronaut floating above a watercolour city at dawn, with a long trail of stars'
        $generation = New-NbImage $prompt -Model gemini-2.5-flash-image -ApiKey $account.key
        Get-Header $generation | Should -Be 'Id', 'Status', 'Model', 'Credits', 'Left', 'Images', 'Prompt'
        $row = (Get-ViewLines $generation)[2]
        $row -match "^$($generation.Id) +Completed +gemini-2\.5-flash-image +1 +9 +1 +(a red panda astronaut.*?)\s*$" | Should -BeTrue -Because $row
        $Matches[1].Length | Should -Be 60
        $Matches[1] | Should -BeLike '*...'
    }

    It 'show a generation that is still processing, with no images yet' {
        $account = New-TestAccount @{ credits = 10; latencyMs = 5000 }
        $generation = New-NbImage "two`nlines" -Mode Async -ApiKey $account.key
        (Get-ViewLines $generation)[2] | Should -Match "^$($generation.Id) +Processing +\S* +1 +9 +0 two lines\s*$"
    }

    It 'show how long an image''s URL has left' {
        $now = [DateTimeOffset]::UtcNow
        (Get-ViewLines (New-Image $now.AddDays(14).AddHours(23).AddMinutes(30)))[2] | Should -Match ' 14d 23h https://'
        (Get-ViewLines (New-Image $now.AddHours(5).AddMinutes(10).AddSeconds(30)))[2] | Should -Match ' 5h 10m https://'
        (Get-ViewLines (New-Image $now.AddMinutes(-1)))[2] | Should -Match ' expired https://'
        (Get-ViewLines (New-Image $null))[2] | Should -Match ' unknown https://'
        Get-Header (New-Image $now) | Should -Be 'GenerationId', 'Index', 'ExpiresIn', 'Url'
    }

    It 'show the images of a new generation as valid for 15 days' {
        $account = New-TestAccount
        $generation = New-NbImage 'a lighthouse' -ApiKey $account.key
        (Get-ViewLines $generation.Images)[2] | Should -Match "^$($generation.Id) +1 +14d 23h https?://"
    }

    It 'show the credits left and those this session used' {
        $account = New-TestAccount @{ credits = 42 }
        # A session of its own, so that only this generation counts as used.
        $run = Invoke-Captured -ArgumentList $account.key {
            param($key)
            $null = New-NbImage 'a lighthouse' -ApiKey $key
            Get-NbCredit -ApiKey $key
        }
        Get-Header $run.Output[0] | Should -Be 'Credits', 'CreditsUsedThisSession', 'RetrievedAt'
        (Get-ViewLines $run.Output[0])[2] | Should -Match '^ +41 +1 +\S'
    }

    It 'show the models with their cost in 80 columns' {
        $lines = @((Get-NbModel | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() })
        $lines[0].Trim() -split '\s+' | Should -Be 'Name', 'DisplayName', 'Credits', 'ImageInput', 'AspectRatio', 'Pro'
        @($lines -match '^gemini-2\.5-flash-image +Nano Banana +1 +True +True +False\s*$').Count | Should -Be 1
        $lines | Where-Object { $_ -match '…' } | Should -BeNullOrEmpty
    }

    It 'show the connected account' {
        $account = New-TestAccount @{ credits = 7 }
        $connected = Connect-NbAccount -ApiKey $account.key -PassThru
        Get-Header $connected | Should -Be 'BaseUri', 'Validated', 'Credits', 'Proxy'
        (Get-ViewLines $connected)[2] | Should -Match '^http://127\.0\.0\.1:\d+/api/v1 +True +7\s*$'
    }
}
