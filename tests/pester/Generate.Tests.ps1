BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'The pipelines people run' {
    BeforeEach {
        $account = Use-TestAccount @{ credits = 50; progressSteps = @(20, 40, 60, 80) }
        $Art = New-TestFolderPath
    }

    It 'New-NbImage | Save-NbImage -Path ./art' {
        $files = New-NbImage 'a red panda astronaut' | Save-NbImage -Path $Art
        $files | Should -HaveCount 1
        $file = $files
        $file | Should -BeOfType [System.IO.FileInfo]
        $file.Name | Should -Match "^$($file.GenerationId)-1\.(png|jpg)$"
        $file.Length | Should -BeGreaterThan 100
        (Get-Item $file.FullName).Length | Should -Be $file.Length
        Get-Credits $account.key | Should -Be 49
    }

    It 'New-NbImage -Mode Stream | Save-NbImage saves into the current location' {
        $null = New-Item -ItemType Directory $Art
        Push-Location $Art
        try {
            $file = New-NbImage 'a red panda astronaut' -Mode Stream | Save-NbImage
        }
        finally {
            Pop-Location
        }
        $file.DirectoryName | Should -Be (Get-Item $Art).FullName
        Test-Path $file.FullName | Should -BeTrue
        (Get-Requests -Key $account.key -Method POST)[0].body | ConvertFrom-Json | ForEach-Object mode | Should -Be 'stream'
    }

    It "'one','two','three' | New-NbImage -Mode Async | Wait-NbGeneration | Save-NbImage" {
        $files = 'one', 'two', 'three' | New-NbImage -Mode Async | Wait-NbGeneration -PollIntervalSec 0.1 | Save-NbImage -Path $Art
        $files | Should -HaveCount 3
        ($files.GenerationId | Sort-Object -Unique) | Should -HaveCount 3
        (Get-Requests -Key $account.key -Method POST) | Should -HaveCount 3
        Get-Credits $account.key | Should -Be 47
    }

    It 'Import-Csv prompts.csv | New-NbImage | Save-NbImage binds Prompt, Model and AspectRatio columns' {
        $csv = Join-Path $TestDrive 'prompts.csv'
        @(
            [pscustomobject]@{ Prompt = 'a lighthouse'; Model = 'nanobanan-2'; AspectRatio = '16:9' }
            [pscustomobject]@{ Prompt = 'a fox'; Model = ''; AspectRatio = '' }
        ) | Export-Csv $csv
        $files = Import-Csv $csv | New-NbImage | Save-NbImage -Path $Art
        $files | Should -HaveCount 2
        $bodies = Get-Requests -Key $account.key -Method POST | ForEach-Object { $_.body | ConvertFrom-Json }
        $bodies[0].prompt | Should -Be 'a lighthouse'
        $bodies[0].selectedModel | Should -Be 'nanobanan-2'
        $bodies[0].aspectRatio | Should -Be '16:9'
        $bodies[1].prompt | Should -Be 'a fox'
        $bodies[1].PSObject.Properties.Name | Should -Not -Contain 'selectedModel'
        $bodies[1].PSObject.Properties.Name | Should -Not -Contain 'aspectRatio'
        Get-Credits $account.key | Should -Be (50 - 3 - 1)
    }

    It 'Get-NbGeneration -Id $id | Save-NbImage' {
        $id = (New-NbImage 'a red panda astronaut').Id
        $generation = Get-NbGeneration -Id $id
        $generation.Status | Should -Be 'Completed'
        $generation.Prompt | Should -Be 'a red panda astronaut'
        $file = $generation | Save-NbImage -Path $Art
        $file.Name | Should -BeLike "$id-1.*"
    }
}

Describe 'New-NbImage' {
    BeforeEach {
        $account = Use-TestAccount @{ credits = 20; progressSteps = @(25, 50, 75); heartbeatMs = 30 }
    }

    It 'emits a completed NbGeneration with its images, costs and dates in sync mode' {
        $g = New-NbImage 'a lighthouse at dusk' -Model gemini-2.5-flash-image
        $g.PSObject.TypeNames[0] | Should -Be 'NanoBanana.NbGeneration'
        $g.Status | Should -Be 'Completed'
        $g.Id | Should -Match '^c[0-9a-z]{24}$'
        $g.Prompt | Should -Be 'a lighthouse at dusk'
        $g.Model | Should -Be 'gemini-2.5-flash-image'
        $g.CreditsUsed | Should -Be 1
        $g.RemainingCredits | Should -Be 19
        $g.Images | Should -HaveCount 1
        $g.Images[0].PSObject.TypeNames[0] | Should -Be 'NanoBanana.NbImage'
        $g.Images[0].GenerationId | Should -Be $g.Id
        $g.Images[0].Index | Should -Be 1
        ($g.Images[0].ExpiresAt - $g.CreatedAt).TotalDays | Should -Be 15
        $body = (Get-Requests -Key $account.key -Method POST)[0].body | ConvertFrom-Json
        $body.PSObject.Properties.Name | Should -Not -Contain 'mode'
    }

    It 'shows elapsed time while a sync request runs and completes the bar' {
        $slow = New-TestAccount @{ latencyMs = 700 }
        $run = Invoke-Captured { param($key) New-NbImage 'slow one' -ApiKey $key } -ArgumentList $slow.key
        $run.Output[0].Status | Should -Be 'Completed'
        $processing = $run.Progress | Where-Object RecordType -EQ 'Processing'
        $processing | Should -Not -BeNullOrEmpty
        $processing[-1].StatusDescription | Should -Match '\(\d+ s\)'
        $run.Progress[-1].RecordType | Should -Be 'Completed'
    }

    It 'follows the stream''s progress, never backwards despite heartbeats, and completes the bar' {
        $streaming = New-TestAccount @{ latencyMs = 800; progressSteps = @(25, 50, 75); heartbeatMs = 40 }
        $run = Invoke-Captured { param($key) New-NbImage 'streamed' -Mode Stream -ApiKey $key } -ArgumentList $streaming.key
        $run.Output[0].Status | Should -Be 'Completed'
        $percents = @($run.Progress | Where-Object RecordType -EQ 'Processing' | ForEach-Object PercentComplete)
        $percents | Where-Object { $_ -gt 0 } | Should -Not -BeNullOrEmpty
        for ($i = 1; $i -lt $percents.Count; $i++) { $percents[$i] | Should -BeGreaterOrEqual $percents[$i - 1] }
        $run.Progress[-1].RecordType | Should -Be 'Completed'
    }

    It 'returns at once with Status Processing in async mode' {
        $slow = New-TestAccount @{ latencyMs = 5000 }
        $g = New-NbImage 'later' -Mode Async -ApiKey $slow.key
        $g.Status | Should -Be 'Processing'
        $g.Images | Should -BeNullOrEmpty
        $g.CreditsUsed | Should -Be 1
        $g.Message | Should -Match 'Generation started'
    }

    It 'polls an async generation to the end with -Wait' {
        $g = New-NbImage 'waited for' -Mode Async -Wait
        $g.Status | Should -Be 'Completed'
        $g.Images | Should -HaveCount 1
        (Get-Requests -Key $account.key -Method GET -Path '/api/v1/generate').Count | Should -BeGreaterThan 0
    }

    It 'sends reference images and charges one credit per image beyond the first' {
        $g = New-NbImage 'mix these' -ReferenceImageUrl 'https://example.com/a.png', 'https://example.com/b.png', 'https://example.com/c.png'
        $g.CreditsUsed | Should -Be 3
        $body = (Get-Requests -Key $account.key -Method POST)[0].body | ConvertFrom-Json
        $body.referenceImageUrls | Should -Be @('https://example.com/a.png', 'https://example.com/b.png', 'https://example.com/c.png')
    }

    It 'records the aspect ratio and the references it asked for, a data URL by type and size, in <Case>' -TestCases @(
        @{ Case = 'sync mode'; Arguments = @{ Mode = 'Sync' } }
        @{ Case = 'stream mode'; Arguments = @{ Mode = 'Stream' } }
        @{ Case = 'async mode'; Arguments = @{ Mode = 'Async' } }
        @{ Case = 'async mode with -Wait'; Arguments = @{ Mode = 'Async'; Wait = $true } }
    ) {
        $png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='
        $size = [Convert]::FromBase64String($png).Length
        $urls = 'https://example.com/a.png', "data:image/png;base64,$png"
        $g = New-NbImage 'a framed pair' -AspectRatio 16:9 -ReferenceImageUrl $urls @Arguments
        $g.AspectRatio | Should -Be '16:9'
        $g.ReferenceImages | Should -Be @('https://example.com/a.png', "data:image/png ($size bytes)")
    }

    It 'sends a UTF-8 prompt intact' {
        $g = New-NbImage '水墨画风格的山水 🍌'
        (Get-NbGeneration $g.Id).Prompt | Should -Be '水墨画风格的山水 🍌'
    }

    It 'sends nothing with -WhatIf' {
        $result = New-NbImage 'not really' -WhatIf
        $result | Should -BeNullOrEmpty
        Get-Requests -Key $account.key | Should -BeNullOrEmpty
        Get-Credits $account.key | Should -Be 20
    }

    It 'refuses a blank prompt and a reference that is not a URL, before sending anything' {
        $result = Invoke-Collecting { New-NbImage '   '; New-NbImage 'x' -ReferenceImageUrl 'file:///etc/passwd' }
        $result.Errors | Should -HaveCount 2
        $result.Errors | ForEach-Object { Assert-NbError $_ -Id NbInvalidRequest -Category InvalidArgument }
        Get-Requests -Key $account.key | Should -BeNullOrEmpty
    }

    It 'reports a content-safety rejection as Status Rejected and a non-terminating NbContentRejected' {
        Add-Fault @{ match = @{ key = $account.key; promptContains = 'unsafe' }; kind = 'outcome'; outcome = 'rejected' }
        $result = Invoke-Collecting { 'an unsafe picture', 'a safe picture' | New-NbImage }
        $result.Output | Should -HaveCount 2
        $result.Output[0].Status | Should -Be 'Rejected'
        $result.Output[0].Message | Should -Be 'Content safety check failed'
        $result.Output[0].CreditsUsed | Should -Be 1
        $result.Output[1].Status | Should -Be 'Completed'
        Assert-NbError $result.Errors[0] -Id NbContentRejected -Category InvalidResult
    }

    It 'reports a rejection in stream mode the same way' {
        Add-Fault @{ match = @{ key = $account.key }; kind = 'outcome'; outcome = 'rejected' }
        $result = Invoke-Collecting { New-NbImage 'streamed and unsafe' -Mode Stream }
        $result.Output[0].Status | Should -Be 'Rejected'
        Assert-NbError $result.Errors[0] -Id NbContentRejected -Category InvalidResult
    }

    It 'turns a stream error event into NbGenerationFailed and goes on with the batch' {
        Add-Fault @{ match = @{ key = $account.key; promptContains = 'doomed' }; kind = 'outcome'; outcome = 'failed'; errorMessage = 'Upstream model crashed' }
        $result = Invoke-Collecting { 'doomed', 'fine' | New-NbImage -Mode Stream }
        $result.Output | Should -HaveCount 1
        $result.Output[0].Prompt | Should -Be 'fine'
        Assert-NbError $result.Errors[0] -Id NbGenerationFailed -Category InvalidResult
        $result.Errors[0].Exception.Message | Should -Match 'Upstream model crashed'
    }
}
