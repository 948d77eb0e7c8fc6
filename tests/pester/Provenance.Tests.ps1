# What Save-NbImage records in and beside every file, read back by exiftool, ImageMagick and Get-NbImageInfo.

BeforeDiscovery {
    $HasExiftool = [bool](Get-Command exiftool -ErrorAction Ignore)
    $HasIdentify = [bool](Get-Command identify -ErrorAction Ignore)
}

BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    $script:HasExiftool = [bool](Get-Command exiftool -ErrorAction Ignore)
    $script:HasIdentify = [bool](Get-Command identify -ErrorAction Ignore)

    # Every character class a prompt may carry: emoji, CJK, quotes, markup, entities, CRLF and LF, a tab.
    $script:HardPrompt = "a 🦊 fox «in» 雪 <b>bold</b> & ""quotes"" 'single' &amp; ]]> `r`nsecond line`n`tthird"

    function Get-Exif([string] $Path) {
        $json = & exiftool -json -a -G1 -struct $Path
        $LASTEXITCODE | Should -Be 0
        ($json | ConvertFrom-Json)[0]
    }

    function Test-Decodes([string] $Path) {
        $null = & identify $Path 2>&1
        $LASTEXITCODE
    }

    # The bytes the image host serves for the generation's first image.
    function Get-Download($Generation) {
        (Invoke-WebRequest -Uri $Generation.Images[0].Url -UseBasicParsing).Content
    }

    function Get-Sidecar([string] $Path) { Get-Content -LiteralPath "$Path.json" -Raw -Encoding utf8 | ConvertFrom-Json }
}

Describe 'Save-NbImage records what made the image' {
    BeforeEach {
        $Art = New-TestFolderPath
    }

    It 'in a PNG: exiftool shows the exact prompt as the description and the module as creating software (<_>)' -ForEach @(
        if ($HasExiftool -and $HasIdentify) { 'exiftool and identify present' } else { 'skipped: exiftool or identify is not installed' }
    ) -Skip:(-not ($HasExiftool -and $HasIdentify)) {
        $null = Use-TestAccount @{ imageFormat = 'png' }
        $g = New-NbImage $HardPrompt -Model gemini-2.5-flash-image -AspectRatio 16:9
        $file = $g | Save-NbImage -Path $Art
        $file.Extension | Should -Be '.png'
        $exif = Get-Exif $file.FullName
        $exif.'XMP-dc:Description' | Should -BeExactly $HardPrompt
        $exif.'XMP-xmp:CreatorTool' | Should -BeExactly "NanoBanana $((Get-Module NanoBanana).Version)"
        $exif.'XMP-nb:GenerationId' | Should -Be $g.Id
        $exif.'XMP-nb:Model' | Should -Be 'gemini-2.5-flash-image'
        $exif.'XMP-nb:AspectRatio' | Should -Be '16:9'
        Test-Decodes $file.FullName | Should -Be 0
    }

    It 'in a JPEG: exiftool shows the exact prompt as the description and the module as creating software (<_>)' -ForEach @(
        if ($HasExiftool -and $HasIdentify) { 'exiftool and identify present' } else { 'skipped: exiftool or identify is not installed' }
    ) -Skip:(-not ($HasExiftool -and $HasIdentify)) {
        $null = Use-TestAccount @{ imageFormat = 'jpeg' }
        $g = New-NbImage $HardPrompt
        $file = $g | Save-NbImage -Path $Art
        $file.Extension | Should -Be '.jpg'
        $exif = Get-Exif $file.FullName
        $exif.'XMP-dc:Description' | Should -BeExactly $HardPrompt
        $exif.'XMP-xmp:CreatorTool' | Should -BeLike 'NanoBanana *'
        $exif.'XMP-nb:GenerationId' | Should -Be $g.Id
        Test-Decodes $file.FullName | Should -Be 0
        Test-Path "$($file.FullName).json" | Should -BeFalse
    }

    It 'leaves every byte of the download in place, adding only the metadata after the header (<_>)' -ForEach 'png', 'jpeg' {
        $null = Use-TestAccount @{ imageFormat = $_ }
        $g = New-NbImage 'a lighthouse'
        $original = Get-Download $g
        $saved = [IO.File]::ReadAllBytes(($g | Save-NbImage -Path $Art).FullName)
        $saved.Length | Should -BeGreaterThan $original.Length
        $at = if ($_ -eq 'png') { 33 } else { 2 + 2 + $original[4] * 256 + $original[5] }
        [Convert]::ToBase64String($saved, 0, $at) | Should -Be ([Convert]::ToBase64String($original, 0, $at))
        $added = $saved.Length - $original.Length
        [Convert]::ToBase64String($saved, $at + $added, $original.Length - $at) |
            Should -Be ([Convert]::ToBase64String($original, $at, $original.Length - $at))
    }

    It 'with -NoMetadata: a file without the module''s record still gives its format and size' {
        $null = Use-TestAccount @{ imageFormat = 'png'; imageWidth = 40; imageHeight = 24 }
        $g = New-NbImage 'a lighthouse'
        $file = $g | Save-NbImage -Path $Art -NoMetadata
        [IO.File]::ReadAllBytes($file.FullName) | Should -Be (Get-Download $g)
        Get-ChildItem $Art -Force | Should -HaveCount 1
        $info = Get-NbImageInfo $file.FullName
        $info.Format, $info.Width, $info.Height, $info.Length | Should -Be 'PNG', 40, 24, $file.Length
        $info.Prompt | Should -BeNullOrEmpty
        $info.GenerationId | Should -BeNullOrEmpty
        $info.CreatedBy | Should -BeNullOrEmpty
    }

    It 'in a sidecar <file>.json for <_>, leaving the image exactly as downloaded' -ForEach 'webp', 'gif' {
        $null = Use-TestAccount @{ imageFormat = $_ }
        $g = New-NbImage $HardPrompt -AspectRatio 3:2
        $file = $g | Save-NbImage -Path $Art
        $file.Extension | Should -Be ".$_"
        [IO.File]::ReadAllBytes($file.FullName) | Should -Be (Get-Download $g)
        $sidecar = Get-Sidecar $file.FullName
        $sidecar.prompt | Should -BeExactly $HardPrompt
        $sidecar.generationId | Should -Be $g.Id
        $sidecar.aspectRatio | Should -Be '3:2'
        $sidecar.createdBy | Should -BeLike 'NanoBanana *'
        $info = Get-NbImageInfo $file.FullName
        $info.Format | Should -Be @{ webp = 'WebP'; gif = 'GIF' }[$_]
        $info.Width, $info.Height | Should -Be 48, 32
        $info.Prompt | Should -BeExactly $HardPrompt
        if ($HasIdentify) { Test-Decodes $file.FullName | Should -Be 0 }
    }

    It 'with -Sidecar also beside a PNG, which keeps its embedded record' {
        $null = Use-TestAccount @{ imageFormat = 'png' }
        $g = New-NbImage 'a lighthouse'
        $file = $g | Save-NbImage -Path $Art -Sidecar
        (Get-Sidecar $file.FullName).prompt | Should -Be 'a lighthouse'
        [IO.File]::ReadAllBytes($file.FullName).Length | Should -BeGreaterThan (Get-Download $g).Length
        Get-ChildItem $Art -Force | Should -HaveCount 2 -Because 'no temp file is left'
    }

    It 'refuses -Sidecar with -NoMetadata before downloading anything' {
        $account = Use-TestAccount
        $g = New-NbImage 'a lighthouse'
        { $g | Save-NbImage -Path $Art -Sidecar -NoMetadata } | Should -Throw -ErrorId 'NbInvalidRequest*'
        Get-Requests -Key $account.key -Origin cdn | Should -BeNullOrEmpty
    }

    It 'in a sidecar when the record passes the 64 KB JPEG segment limit, prompt intact (<_>)' -ForEach @(
        if ($HasIdentify) { 'identify present' } else { 'skipped: identify is not installed' }
    ) -Skip:(-not $HasIdentify) {
        $null = Use-TestAccount @{ imageFormat = 'jpeg' }
        $prompt = ('ünïcödé 🦊 & <long> ' * 4000) + 'end'
        $g = New-NbImage $prompt
        $file = $g | Save-NbImage -Path $Art
        [IO.File]::ReadAllBytes($file.FullName) | Should -Be (Get-Download $g)
        (Get-Sidecar $file.FullName).prompt | Should -BeExactly $prompt
        (Get-NbImageInfo $file.FullName).Prompt | Should -BeExactly $prompt
        Test-Decodes $file.FullName | Should -Be 0
    }

    It 'embeds a long prompt in a PNG, exactly' {
        $null = Use-TestAccount @{ imageFormat = 'png' }
        $prompt = ('ünïcödé 🦊 & <long> ' * 4000) + 'end'
        $file = New-NbImage $prompt | Save-NbImage -Path $Art
        Test-Path "$($file.FullName).json" | Should -BeFalse
        (Get-NbImageInfo $file.FullName).Prompt | Should -BeExactly $prompt
    }

    It 'records the prompt of a generation that went through serialization (a job, remoting)' {
        $null = Use-TestAccount @{ imageFormat = 'png' }
        $g = New-NbImage 'a serialized fox' -AspectRatio 4:3
        $copy = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($g))
        $copy.PSObject.TypeNames[0] | Should -Be 'Deserialized.NanoBanana.NbGeneration'
        $info = Get-NbImageInfo ($copy | Save-NbImage -Path $Art).FullName
        $info.Prompt | Should -Be 'a serialized fox'
        $info.AspectRatio | Should -Be '4:3'
        $info.GenerationId | Should -Be $g.Id
        ($info.CreatedAt - $g.CreatedAt).Duration().TotalSeconds | Should -BeLessThan 1 -Because 'serialization keeps whole seconds'
        $info.CreditsUsed | Should -Be $g.CreditsUsed
    }

    It 'records the id, index and source of an image saved from its URL alone' {
        $null = Use-TestAccount @{ imageFormat = 'png' }
        $g = New-NbImage 'a lighthouse'
        $file = $g.Images[0].Url.AbsoluteUri | Save-NbImage -Path $Art
        $info = Get-NbImageInfo $file.FullName
        $info.Prompt | Should -BeNullOrEmpty
        $info.CreatedBy | Should -BeLike 'NanoBanana *'
        $fromImage = $g.Images[0] | Save-NbImage -Path $Art
        (Get-NbImageInfo $fromImage.FullName).GenerationId | Should -Be $g.Id
    }
}

Describe 'Get-NbImageInfo' {
    BeforeAll {
        $null = Use-TestAccount @{ credits = 50; imageFormat = 'png' }
        $Folder = Join-Path $TestDrive 'gallery [1]'
        $null = New-Item -ItemType Directory $Folder
        $Fox = New-NbImage 'a fox in the snow' -Model gemini-2.5-flash-image -AspectRatio 16:9
        $FoxFile = $Fox | Save-NbImage -LiteralPath $Folder
        $Owl = New-NbImage 'an owl at night' -ReferenceImageUrl 'https://example.com/owl.png?token=secret'
        $OwlFile = $Owl | Save-NbImage -LiteralPath $Folder
        $Text = Join-Path $Folder 'notes.png'
        Set-Content -LiteralPath $Text -Value 'not an image'
    }

    It 'reads back everything Save-NbImage recorded' {
        $info = Get-NbImageInfo -LiteralPath $FoxFile.FullName
        $info.PSObject.TypeNames[0] | Should -Be 'NanoBanana.NbImageInfo'
        $info.Path | Should -Be $FoxFile.FullName
        $info.Format | Should -Be 'PNG'
        $info.Length | Should -Be $FoxFile.Length
        $info.Prompt | Should -Be 'a fox in the snow'
        $info.Model | Should -Be 'gemini-2.5-flash-image'
        $info.AspectRatio | Should -Be '16:9'
        $info.GenerationId | Should -Be $Fox.Id
        $info.CreditsUsed | Should -Be $Fox.CreditsUsed
        $info.CreatedAt | Should -Be $Fox.CreatedAt
        $info.CreatedBy | Should -Be "NanoBanana $((Get-Module NanoBanana).Version)"
        "$info" | Should -Be $FoxFile.FullName
        (Get-NbImageInfo -LiteralPath $OwlFile.FullName).ReferenceImages | Should -Be 'https://example.com/owl.png?token=secret'
    }

    It 'takes files piped from Get-ChildItem, skipping folders and sidecars, and goes on past a non-image' {
        $null = New-Item -ItemType Directory (Join-Path $Folder 'sub')
        Set-Content -LiteralPath "$($FoxFile.FullName).json" -Value '{}'
        $infos = Get-ChildItem -LiteralPath $Folder | Get-NbImageInfo -ErrorVariable errors -ErrorAction SilentlyContinue
        $infos.Prompt | Sort-Object | Should -Be 'a fox in the snow', 'an owl at night'
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'NbInvalidRequest*'
        $errors[0].Exception.Message | Should -BeLike '*notes.png*not a PNG, JPEG, WebP or GIF image*'
        Remove-Item -LiteralPath "$($FoxFile.FullName).json", (Join-Path $Folder 'sub')
    }

    It 'expands wildcards in -Path (a backtick escapes [ and ]) and reports a missing file' {
        $pattern = (Join-Path ($Folder -replace '([\[\]])', '`$1') '*.png')
        $infos = Get-NbImageInfo -Path $pattern, (Join-Path $TestDrive 'missing.png') -ErrorVariable errors -ErrorAction SilentlyContinue
        $infos | Should -HaveCount 2
        $errors | Should -HaveCount 2 -Because 'notes.png is no image, missing.png does not exist'
        $errors.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'NbInvalidRequest*' }
    }

    It 'pipes into New-NbImage to make one new take with the same settings and no reference image' {
        $account = Use-TestAccount @{ imageFormat = 'png' }
        $again = Get-NbImageInfo -LiteralPath $FoxFile.FullName | New-NbImage
        $again | Should -HaveCount 1
        $again.Id | Should -Not -Be $Fox.Id
        $posts = @(Get-Requests -Key $account.key -Method POST)
        $posts | Should -HaveCount 1
        $body = $posts[0].body | ConvertFrom-Json
        $body.prompt | Should -Be 'a fox in the snow'
        $body.selectedModel | Should -Be 'gemini-2.5-flash-image'
        $body.aspectRatio | Should -Be '16:9'
        $body.PSObject.Properties.Name | Should -Not -Contain 'referenceImageUrls'
    }

    It 'pipes into Get-NbGeneration by GenerationId, with the key that made it' {
        $account = Use-TestAccount @{ imageFormat = 'png' }
        $g = New-NbImage 'a heron'
        $file = $g | Save-NbImage -Path (New-TestFolderPath)
        $again = Get-NbImageInfo -LiteralPath $file.FullName | Get-NbGeneration
        $again.Id | Should -Be $g.Id
        $again.Images[0].Url | Should -Be $g.Images[0].Url
    }

    It 'has a table view: file name, format, size, model and the prompt' {
        $lines = @((Get-NbImageInfo -LiteralPath $FoxFile.FullName | Out-String -Width 200) -split '\r?\n' | Where-Object { $_.Trim() })
        $lines[0].Trim() -split '\s+' | Should -Be 'Name', 'Format', 'Size', 'Model', 'Prompt'
        $lines[2] | Should -Match "^$([regex]::Escape($FoxFile.Name)) +PNG +\d+x\d+ +gemini-2\.5-flash-image +a fox in the snow\s*$"
    }
}
