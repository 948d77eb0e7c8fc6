BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # Everything in the folder, hidden temp files included.
    function Get-FolderContent([string] $Path) {
        if (Test-Path -LiteralPath $Path) { @(Get-ChildItem -LiteralPath $Path -Force -Recurse -File | ForEach-Object Name) } else { @() }
    }
}

Describe 'Downloads fail cleanly' {
    BeforeEach {
        $account = Use-TestAccount @{ credits = 20; jpegEvery = 0 }
        $Art = New-TestFolderPath
        $generations = 'first', 'second' | New-NbImage
        $firstPath = $generations[0].Images[0].Url.AbsolutePath
    }

    It '<Status> from the image host: NbImageUnavailable, nothing on disk, the batch goes on' -TestCases @(
        @{ Status = 404 }, @{ Status = 403 }, @{ Status = 410 }
    ) {
        Add-Fault @{ match = @{ origin = 'cdn'; path = $firstPath }; kind = 'status'; status = $Status; body = 'gone'; contentType = 'text/plain' }
        $result = Invoke-Collecting { $generations | Save-NbImage -Path $Art }
        Assert-NbError $result.Errors[0] -Id NbImageUnavailable -Category ResourceUnavailable
        $result.Errors[0].Exception.Message | Should -Match '15 days'
        $result.Output | Should -HaveCount 1
        Get-FolderContent $Art | Should -Be @($result.Output.Name)
        (Get-Requests -Origin cdn -Path $firstPath) | Should -HaveCount 1
    }

    It 'says the URL expired when the generation is older than 15 days' {
        $old = $generations[0]
        Invoke-NbEmulatorControl $Emulator PATCH "/generations/$($old.Id)" @{ createdAt = [DateTime]::UtcNow.AddDays(-20).ToString('o') } | Out-Null
        $aged = Get-NbGeneration $old.Id
        $aged.Images[0].ExpiresAt | Should -BeLessThan ([DateTimeOffset]::UtcNow)
        $result = Invoke-Collecting { $aged | Save-NbImage -Path $Art }
        Assert-NbError $result.Errors[0] -Id NbImageUnavailable -Category ResourceUnavailable
        $result.Errors[0].Exception.Message | Should -Match 'older than 15 days: the URL expired on \d{4}-\d\d-\d\d'
        Get-FolderContent $Art | Should -BeNullOrEmpty
    }

    It '<Case>: NbImageUnavailable with InvalidData, nothing on disk' -TestCases @(
        @{ Case = 'a JSON error body instead of the image'; Fault = @{ kind = 'status'; status = 200; contentType = 'application/json'; body = '{"error":"Access denied"}' } }
        @{ Case = 'JSON bytes labelled image/png'; Fault = @{ kind = 'status'; status = 200; contentType = 'image/png'; body = '{"error":"Access denied"}' } }
        @{ Case = 'an empty image body'; Fault = @{ kind = 'status'; status = 200; contentType = 'image/png'; body = '' } }
    ) {
        $Fault.match = @{ origin = 'cdn'; path = $firstPath }
        Add-Fault $Fault
        $result = Invoke-Collecting { $generations | Save-NbImage -Path $Art }
        Assert-NbError $result.Errors[0] -Id NbImageUnavailable -Category InvalidData
        $result.Output | Should -HaveCount 1
        Get-FolderContent $Art | Should -Be @($result.Output.Name)
    }

    It 'retries a body that breaks off, and gives up with NbImageUnavailable leaving nothing behind' {
        Add-Fault @{ match = @{ origin = 'cdn'; path = $firstPath }; kind = 'reset'; afterBytes = 5000; times = 0 }
        $result = Invoke-Collecting { $generations | Save-NbImage -Path $Art -RetryIntervalSec 0 }
        Assert-NbError $result.Errors[0] -Id NbImageUnavailable -Category ResourceUnavailable
        (Get-Requests -Origin cdn -Path $firstPath) | Should -HaveCount 4
        $result.Output | Should -HaveCount 1
        Get-FolderContent $Art | Should -Be @($result.Output.Name)
    }

    It 'recovers from one broken download by retrying' {
        Add-Fault @{ match = @{ origin = 'cdn'; path = $firstPath }; kind = 'reset'; afterBytes = 5000 }
        Add-Fault @{ match = @{ origin = 'cdn'; path = $firstPath }; kind = 'status'; status = 503 }
        $files = $generations | Save-NbImage -Path $Art -RetryIntervalSec 0 -NoMetadata
        $files | Should -HaveCount 2
        (Get-Requests -Origin cdn -Path $firstPath) | Should -HaveCount 3
        $saved = [IO.File]::ReadAllBytes(($files | Where-Object GenerationId -EQ $generations[0].Id).FullName)
        $direct = (Invoke-WebRequest -Uri $generations[0].Images[0].Url -UserAgent 'test').Content
        $saved.Length | Should -Be $direct.Length
        [Convert]::ToBase64String($saved) | Should -Be ([Convert]::ToBase64String($direct))
    }

    It 'follows a redirect of the image host without sending any key' {
        $target = $generations[1].Images[0].Url.AbsoluteUri
        Add-Fault @{ match = @{ origin = 'cdn'; path = $firstPath }; kind = 'redirect'; location = $target }
        $file = $generations[0] | Save-NbImage -Path $Art
        $file.Name | Should -BeLike "$($generations[0].Id)-1.*"
        foreach ($request in Get-Requests -Origin cdn) {
            $request.headers.PSObject.Properties.Name | Should -Not -Contain 'Authorization'
        }
    }
}
