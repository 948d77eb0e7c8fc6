BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    $Work = $TestDrive
    $Photos = Join-Path $Work 'photos'
    $null = New-Item -ItemType Directory $Photos

    # Real images from the emulator's image host: PNG by default, JPEG from an account that asks for it.
    $pngAccount = New-TestAccount @{ imageWidth = 64; imageHeight = 48 }
    $jpegAccount = New-TestAccount @{ imageWidth = 64; imageHeight = 48; jpegEvery = 1 }
    $Png = (New-NbImage 'fixture png' -ApiKey $pngAccount.key | Save-NbImage -Path $Work).FullName
    $Jpeg = (New-NbImage 'fixture jpeg' -ApiKey $jpegAccount.key | Save-NbImage -Path $Work).FullName
    foreach ($name in 'beach', 'forest', 'city') { Copy-Item -LiteralPath $Jpeg -Destination (Join-Path $Photos "$name.jpg") }
    Copy-Item -LiteralPath $Png -Destination (Join-Path $Photos 'shot[1].png')

    function Get-ReceivedReferences([string] $GenerationId) {
        (Invoke-NbEmulatorControl $Emulator GET "/generations/$GenerationId").references
    }
    function Get-Sha256([string] $Path) { (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash.ToLowerInvariant() }
}

Describe 'New-NbImage -ReferenceImagePath' {
    BeforeEach {
        $account = Use-TestAccount @{ credits = 30 }
    }

    It 'edits a local PNG and JPEG: the emulator decodes the very bytes of the files' {
        $g = New-NbImage 'as a watercolour' -ReferenceImagePath $Png, $Jpeg
        $g.Status | Should -Be 'Completed'
        $g.CreditsUsed | Should -Be 2
        $g.ReferenceImages | Should -Be @((Split-Path $Png -Leaf), (Split-Path $Jpeg -Leaf))
        $received = Get-ReceivedReferences $g.Id
        $received.mediaType | Should -Be @('image/png', 'image/jpeg')
        $received.sha256 | Should -Be @((Get-Sha256 $Png), (Get-Sha256 $Jpeg))
        $received.bytes | Should -Be @((Get-Item -LiteralPath $Png).Length, (Get-Item -LiteralPath $Jpeg).Length)
    }

    It 'makes one edit per file piped from Get-ChildItem, and they save' {
        $out = New-TestFolderPath 'out'
        $files = Get-ChildItem (Join-Path $Photos '*.jpg') | New-NbImage -Prompt 'as a watercolour' | Save-NbImage -Path $out
        $files | Should -HaveCount 3
        $bodies = Get-Requests -Key $account.key -Method POST | ForEach-Object { $_.body | ConvertFrom-Json }
        $bodies | Should -HaveCount 3
        $bodies | ForEach-Object { @($_.referenceImageUrls) | Should -HaveCount 1 }
        $bodies.prompt | Sort-Object -Unique | Should -Be 'as a watercolour'
        Get-Credits $account.key | Should -Be 27
    }

    It 'names each piped file in its generation, and adds it to the files given by -ReferenceImagePath' {
        $generations = Get-ChildItem (Join-Path $Photos '*.jpg') | New-NbImage -Prompt 'in this style' -ReferenceImagePath $Png
        $generations | Should -HaveCount 3
        $generations | ForEach-Object { $_.ReferenceImages[0] | Should -Be (Split-Path $Png -Leaf) }
        ($generations | ForEach-Object { $_.ReferenceImages[1] }) | Should -Be @('beach.jpg', 'city.jpg', 'forest.jpg')
    }

    It 'resolves wildcards and relative paths from the current location; a backtick escapes brackets' {
        Push-Location -LiteralPath $Photos
        try {
            $all = New-NbImage 'all of them' -ReferenceImagePath '*.jpg'
            $escaped = New-NbImage 'the bracketed one' -ReferenceImagePath 'shot`[1`].png'
            $piped = Get-Item -LiteralPath 'shot[1].png' | New-NbImage -Prompt 'piped literally'
        }
        finally {
            Pop-Location
        }
        $all.ReferenceImages | Should -Be @('beach.jpg', 'city.jpg', 'forest.jpg')
        $escaped.ReferenceImages | Should -Be @('shot[1].png')
        $piped.ReferenceImages | Should -Be @('shot[1].png')
    }

    It 'sends URLs first, then files, and logs neither payload' {
        $g = New-NbImage 'mixed' -ReferenceImageUrl 'https://example.com/a.png' -ReferenceImagePath $Png
        $g.ReferenceImages | Should -Be @('https://example.com/a.png', (Split-Path $Png -Leaf))
        $body = (Get-Requests -Key $account.key -Method POST)[0].body | ConvertFrom-Json
        $body.referenceImageUrls[0] | Should -Be 'https://example.com/a.png'
        $body.referenceImageUrls[1] | Should -Match '^data:image/png;base64,<\d+ characters>$'
    }

    It 'refuses <Case> naming the file and the limit, with no POST, and goes on with the batch' -TestCases @(
        @{ Case = 'an 11 MB file'; Make = { param($dir) $f = Join-Path $dir 'huge.png'; [IO.File]::WriteAllBytes($f, [IO.File]::ReadAllBytes($Png)); $s = [IO.File]::OpenWrite($f); $s.SetLength(11MB); $s.Dispose(); $f }; Expected = 'huge.png (11 MB)*at most 10 MB' }
        @{ Case = 'a text file named .png'; Make = { param($dir) $f = Join-Path $dir 'notes.png'; Set-Content -LiteralPath $f -Value 'not an image'; $f }; Expected = "*notes.png' is not a PNG, JPEG, WebP or GIF image*" }
        @{ Case = 'a missing file'; Make = { param($dir) Join-Path $dir 'gone.png' }; Expected = "*gone.png' does not exist*" }
        @{ Case = 'a wildcard matching nothing'; Make = { param($dir) Join-Path $dir 'none*.png' }; Expected = "No reference image file matches '*none``*.png'*" }
        @{ Case = 'a folder'; Make = { param($dir) $dir }; Expected = '*is a folder, not an image file*' }
    ) {
        $dir = New-TestFolderPath 'refused'
        $null = New-Item -ItemType Directory $dir
        $path = & $Make $dir
        $result = Invoke-Collecting { 'first', 'second' | New-NbImage -ReferenceImagePath $path; New-NbImage 'plain' }
        $result.Errors | Should -HaveCount 2
        $result.Errors | ForEach-Object { Assert-NbError $_ -Id NbInvalidRequest -Category InvalidArgument }
        $result.Errors[0].Exception.Message | Should -BeLike "*$Expected*"
        $result.Errors[0].Exception.Message | Should -Match 'Nothing was sent'
        $result.Output.Prompt | Should -Be 'plain'
        (Get-Requests -Key $account.key -Method POST) | Should -HaveCount 1
    }

    It 'refuses more than 14 references, naming the limit, with no POST' {
        $paths = 1..15 | ForEach-Object { $Png }
        $result = Invoke-Collecting { New-NbImage 'a collage' -ReferenceImagePath $paths }
        Assert-NbError $result.Errors[0] -Id NbInvalidRequest -Category InvalidArgument
        $result.Errors[0].Exception.Message | Should -Match '15 reference images were given, but the service takes at most 14'
        Get-Requests -Key $account.key -Method POST | Should -BeNullOrEmpty
    }

    It '-WhatIf with three files names them and states the surcharge' {
        $transcript = Join-Path $Work 'whatif.txt'
        $null = Start-Transcript -LiteralPath $transcript
        New-NbImage 'three at once' -ReferenceImagePath (Join-Path $Photos '*.jpg') -WhatIf
        $null = Stop-Transcript
        $shown = Get-Content -LiteralPath $transcript -Raw
        $shown | Should -Match ([regex]::Escape('Generate an image of "three at once" from beach.jpg, city.jpg, forest.jpg with gemini-2.5-flash-image in Sync mode, costing 3 credits: 1 for gemini-2.5-flash-image + 2 for the extra reference images.'))
        Get-Requests -Key $account.key -Method POST | Should -BeNullOrEmpty
    }

    It '-MaxCredits counts the surcharge of the files' {
        $result = Invoke-Collecting { New-NbImage 'three at once' -ReferenceImagePath (Join-Path $Photos '*.jpg') -MaxCredits 2 }
        Assert-NbError $result.Errors[0] -Id NbCreditLimitReached -Category LimitsExceeded
        $result.Errors[0].Exception.Message | Should -Match '3 credits'
        Get-Requests -Key $account.key -Method POST | Should -BeNullOrEmpty
    }

    It 'shows file names and sizes, never the base64, in verbose, progress, errors and output' {
        $run = Invoke-Captured {
            param($png, $key)
            New-NbImage 'shown safely' -ReferenceImagePath $png -Mode Stream -ApiKey $key -Verbose
            New-NbImage 'refused' -ReferenceImagePath $png, (Join-Path (Split-Path $png) 'missing.png') -ApiKey $key
        } -ArgumentList $Png, $account.key
        $payload = [Convert]::ToBase64String([IO.File]::ReadAllBytes($Png))
        $text = @(
            $run.Output | ForEach-Object { $_ | Format-List * | Out-String }
            $run.Verbose | ForEach-Object Message
            $run.Progress | ForEach-Object { "$($_.Activity) $($_.StatusDescription)" }
            $run.Errors | ForEach-Object { "$_ $($_.TargetObject)" }
        ) -join "`n"
        $text | Should -Match ([regex]::Escape("Reference image $(Split-Path $Png -Leaf) (image/png, "))
        $text | Should -Not -Match ([regex]::Escape($payload.Substring(0, 40)))
        $text | Should -Not -Match 'base64,[A-Za-z0-9+/]{20}'
    }
}

Describe 'Reference files and memory' {
    It 'sends a 7 MB file allocating far less than the file' {
        $account = New-TestAccount @{ credits = 5 }
        $big = Join-Path $Work 'big.png'
        [IO.File]::WriteAllBytes($big, [IO.File]::ReadAllBytes($Png))
        $stream = [IO.File]::OpenWrite($big)
        $stream.SetLength(7MB)
        $stream.Dispose()
        $null = New-NbImage 'warm-up' -ReferenceImagePath $Png -ApiKey $account.key
        $before = [GC]::GetTotalAllocatedBytes($true)
        $g = New-NbImage 'big one' -ReferenceImagePath $big -ApiKey $account.key
        $allocated = [GC]::GetTotalAllocatedBytes($true) - $before
        $g.Status | Should -Be 'Completed'
        (Get-ReceivedReferences $g.Id).bytes | Should -Be 7MB
        $allocated / 1MB | Should -BeLessThan 3.5
    }
}
