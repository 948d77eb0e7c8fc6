BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'Save-NbImage' {
    BeforeEach {
        $account = Use-TestAccount @{ credits = 30; jpegEvery = 2 }
        $Art = New-TestFolderPath
    }

    It 'names files <generationId>-<n> with the extension of the bytes, also for JPEG behind .png' {
        $generations = 'one', 'two' | New-NbImage
        $generations.Images.Url | ForEach-Object { $_.AbsolutePath | Should -BeLike '*.png' }
        $files = $generations | Save-NbImage -Path $Art
        $files | Should -HaveCount 2
        $extensions = $files | ForEach-Object {
            $bytes = [IO.File]::ReadAllBytes($_.FullName)
            if ($bytes[0] -eq 0x89 -and $bytes[1] -eq 0x50) { $_.Extension | Should -Be '.png' }
            elseif ($bytes[0] -eq 0xFF -and $bytes[1] -eq 0xD8) { $_.Extension | Should -Be '.jpg' }
            else { throw "$($_.Name) is not an image" }
            $_.Extension
        }
        $extensions | Should -Contain '.jpg'
        $extensions | Should -Contain '.png'
    }

    It 'emits FileInfo objects with GenerationId and SourceUrl' {
        $g = New-NbImage 'one'
        $file = $g | Save-NbImage -Path $Art
        $file | Should -BeOfType [System.IO.FileInfo]
        $file.GenerationId | Should -Be $g.Id
        $file.SourceUrl | Should -Be $g.Images[0].Url.AbsoluteUri
        $file.PSPath | Should -Not -BeNullOrEmpty
    }

    It 'never sends the API key to the image host, and sends an explicit User-Agent' {
        $g = New-NbImage 'one'
        $null = $g | Save-NbImage -Path $Art
        $downloads = Get-Requests -Origin cdn -Path $g.Images[0].Url.AbsolutePath
        $downloads | Should -HaveCount 1
        $downloads[0].headers.PSObject.Properties.Name | Should -Not -Contain 'Authorization'
        ($downloads[0].headers.PSObject.Properties.Value -join ' ') | Should -Not -Match ([regex]::Escape($account.key))
        $downloads[0].headers.'User-Agent' | Should -Match '^NanoBanana\.PowerShell/'
    }

    It 'takes NbImage objects, URL strings and Uris' {
        $g = 'one', 'two', 'three' | New-NbImage
        @($g[0].Images[0]) | Save-NbImage -Path $Art | ForEach-Object Name | Should -BeLike "$($g[0].Id)-1.*"
        $byString = $g[1].Images[0].Url.AbsoluteUri | Save-NbImage -Path $Art
        $byString.BaseName | Should -Be ([IO.Path]::GetFileNameWithoutExtension($g[1].Images[0].Url.AbsolutePath))
        $byUri = Save-NbImage -InputObject $g[2].Images[0].Url -Path $Art
        Test-Path $byUri.FullName | Should -BeTrue
    }

    It 'emits an image already saved as it is, without downloading it again, and downloads again with -Force' {
        $g = New-NbImage 'one'
        $first = $g | Save-NbImage -Path $Art
        Set-Content -LiteralPath $first.FullName -Value 'mine'
        $result = Invoke-Captured { param($g, $path) $g | Save-NbImage -Path $path -Verbose } -ArgumentList $g, $Art
        $result.Errors | Should -BeNullOrEmpty
        $result.Output | Should -HaveCount 1
        $result.Output[0].FullName | Should -Be $first.FullName
        $result.Output[0].GenerationId | Should -Be $g.Id
        $result.Output[0].SourceUrl | Should -Be $g.Images[0].Url.AbsoluteUri
        ($result.Verbose.Message -join "`n") | Should -Match "$([regex]::Escape($first.Name)).*already saved"
        Get-Content -LiteralPath $first.FullName | Should -Be 'mine'
        (Get-Requests -Origin cdn -Path $g.Images[0].Url.AbsolutePath) | Should -HaveCount 1

        $again = $g | Save-NbImage -Path $Art -Force
        $again.FullName | Should -Be $first.FullName
        $again.Length | Should -BeGreaterThan 100
        [IO.File]::ReadAllBytes($again.FullName)[0] | Should -BeIn 0x89, 0xFF
        (Get-Requests -Origin cdn -Path $g.Images[0].Url.AbsolutePath) | Should -HaveCount 2
        Get-ChildItem -LiteralPath $Art -Force -File | Where-Object Name -Like '.*.tmp' | Should -BeNullOrEmpty
    }

    It 'saves an image once when it is piped twice at once' {
        $g = New-NbImage 'one'
        $files = $g, $g, $g, $g | Save-NbImage -Path $Art -ThrottleLimit 4
        $files | Should -HaveCount 4
        @($files.FullName | Sort-Object -Unique) | Should -HaveCount 1
        @(Get-ChildItem -LiteralPath $Art -Force -File) | Should -HaveCount 1
    }

    It 'reports a disk failure as NbSaveFailed naming the file, after one download, leaving no temp file' {
        $g = New-NbImage 'no room'
        foreach ($extension in '.png', '.jpg', '.webp', '.gif') { $null = New-Item -ItemType Directory (Join-Path $Art "$($g.Id)-1$extension") }
        $result = Invoke-Collecting { $g, (New-NbImage 'the batch goes on') | Save-NbImage -Path $Art }
        Assert-NbError $result.Errors[0] -Id NbSaveFailed -Category WriteError
        $result.Errors[0].Exception.Message | Should -BeLike "*$(Join-Path $Art "$($g.Id)-1.")*"
        @(Get-Requests -Key $account.key -Origin cdn | Where-Object path -EQ $g.Images[0].Url.AbsolutePath) | Should -HaveCount 1
        $result.Output | Should -HaveCount 1
        Get-ChildItem -LiteralPath $Art -Force -File | Where-Object Name -Like '.*.tmp' | Should -BeNullOrEmpty
    }

    It 'writes and downloads nothing with -WhatIf' {
        $g = New-NbImage 'one'
        $g | Save-NbImage -Path $Art -WhatIf | Should -BeNullOrEmpty
        Test-Path $Art | Should -BeFalse
        Get-Requests -Origin cdn -Path $g.Images[0].Url.AbsolutePath | Should -BeNullOrEmpty
    }

    It 'creates the folder, resolves a relative -Path against the current location, and takes [ ] with -LiteralPath' {
        $g = New-NbImage 'one'
        $null = New-Item -ItemType Directory $Art
        Push-Location $Art
        try {
            $relative = $g | Save-NbImage -Path 'sub/dir'
            $relative.DirectoryName | Should -Be (Join-Path (Get-Location).ProviderPath 'sub/dir')
            $literal = $g | Save-NbImage -LiteralPath 'odd [name]'
            $literal.DirectoryName | Should -Be (Join-Path (Get-Location).ProviderPath 'odd [name]')
        }
        finally {
            Pop-Location
        }
    }

    It 'says that a processing generation has no images yet' {
        $slow = New-TestAccount @{ latencyMs = 5000 }
        $g = New-NbImage 'later' -Mode Async -ApiKey $slow.key
        $result = Invoke-Collecting { $g | Save-NbImage -Path $Art }
        $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'NbGenerationNotReady,*'
        $result.Errors[0].Exception.Message | Should -Match 'Wait-NbGeneration'
    }

    It 'shows download progress and completes the bar' {
        $g = New-NbImage 'one'
        $run = Invoke-Captured { param($g, $path) $g | Save-NbImage -Path $path } -ArgumentList $g, $Art
        $run.Output | Should -HaveCount 1
        $run.Progress[-1].RecordType | Should -Be 'Completed'
    }
}
