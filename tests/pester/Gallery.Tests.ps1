BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # Prompts as people write them, and prompts that try to run script in the page (each would mark the DOM).
    $Unicode = "宇宙飛行士のレッサーパンダ 🐼 «café» & ""quotes""`nsecond line"
    $Hostile = @(
        '<script>document.documentElement.setAttribute("data-pwned", "script")</script>'
        '<img src=x onerror="document.documentElement.setAttribute(''data-pwned'', ''img'')">'
        '"><svg onload="document.documentElement.setAttribute(''data-pwned'', ''attr'')">'
    )
    $Plain = 'a lighthouse at dusk'
    $Prompts = @($Unicode) + $Hostile + $Plain

    $account = New-TestAccount @{ credits = 100; imageWidth = 96; imageHeight = 64; jpegEvery = 2 }
    $Art = Join-Path $TestDrive 'art'
    $Saved = @($Prompts | New-NbImage -ApiKey $account.key | Save-NbImage -Path $Art)
    Set-Content -LiteralPath (Join-Path $Art 'notes.txt') -Value 'not an image'

    $Chromium = (Get-Command chromium, chromium-browser -CommandType Application -ErrorAction Ignore | Select-Object -First 1).Source

    # The DOM after the page's scripts ran in headless Chromium. ?load=all asks the page to load every lazy image.
    # Each run has its own profile: a browser already running with the default one would take the page instead.
    function Get-BrowserDom([string] $Page, [string] $Suffix = '?load=all') {
        $url = [Uri]::new($Page).AbsoluteUri + $Suffix
        $profile = New-TestFolderPath 'chromium-profile'
        $dom = & $Chromium --headless=new --no-sandbox --disable-gpu --allow-file-access-from-files `
            --user-data-dir=$profile --virtual-time-budget=3000 --dump-dom $url 2>$null
        $dom -join "`n"
    }

    # The grid's items as the markup has them: whether hidden, the decoded width, the caption's text.
    function Get-GalleryItem([string] $Html) {
        foreach ($match in [regex]::Matches($Html, '<figure class="item"([^>]*)>(.*?)</figure>', 'Singleline')) {
            $body = $match.Groups[2].Value
            $width = [regex]::Match($body, 'data-natural-width="(\d+)"')
            [pscustomobject]@{
                Hidden       = $match.Groups[1].Value -match '\bhidden\b'
                NaturalWidth = if ($width.Success) { [int]$width.Groups[1].Value } else { $null }
                Href         = [Net.WebUtility]::HtmlDecode([regex]::Match($body, 'href="([^"]*)"').Groups[1].Value)
                Caption      = [Net.WebUtility]::HtmlDecode([regex]::Match($body, '<p class="prompt">(.*?)</p>', 'Singleline').Groups[1].Value)
            }
        }
    }

    function Skip-WithoutChromium {
        if (-not $Chromium) { Set-ItResult -Skipped -Because 'chromium is not installed (apt-get install chromium)' }
        -not $Chromium
    }
}

Describe 'Export-NbGallery in a real browser' {
    BeforeAll {
        $Page = Export-NbGallery $Art -PassThru
        if ($Chromium) { $Dom = Get-BrowserDom $Page.FullName }
    }

    It 'decodes every thumbnail, and shows only the images of the folder' {
        if (Skip-WithoutChromium) { return }
        $items = @(Get-GalleryItem $Dom)
        $items | Should -HaveCount $Saved.Count
        $items | ForEach-Object { $_.NaturalWidth | Should -Be 96 }
    }

    It 'captions hold the exact prompts, Unicode included' {
        if (Skip-WithoutChromium) { return }
        $captions = @((Get-GalleryItem $Dom).Caption)
        foreach ($prompt in $Prompts) { $captions | Should -Contain $prompt }
    }

    It 'shows hostile prompts as text and runs none of their script' {
        if (Skip-WithoutChromium) { return }
        $Dom | Should -Not -Match 'data-pwned="'
        $Dom | Should -Not -Match '<img src="x"'
        $Dom | Should -Not -Match '<svg'
        $captions = @((Get-GalleryItem $Dom).Caption)
        foreach ($prompt in $Hostile) { $captions | Should -Contain $prompt }
    }

    It 'narrows the grid by the filter, also by Unicode text' {
        if (Skip-WithoutChromium) { return }
        $lighthouse = @(Get-GalleryItem (Get-BrowserDom $Page.FullName '?load=all#filter=LIGHTHOUSE'))
        @($lighthouse | Where-Object { -not $_.Hidden }).Caption | Should -Be $Plain
        @($lighthouse | Where-Object Hidden) | Should -HaveCount ($Saved.Count - 1)
        $panda = @(Get-GalleryItem (Get-BrowserDom $Page.FullName "#filter=$([Uri]::EscapeDataString('レッサーパンダ'))"))
        @($panda | Where-Object { -not $_.Hidden }).Caption | Should -Be $Unicode
    }

    It 'shows an image large with its whole caption on a click, and Esc closes it' {
        if (Skip-WithoutChromium) { return }
        # A copy of the page with a script that clicks the first thumbnail, notes what the large view shows, then
        # presses Esc. The copy drops the page's policy, which would refuse any script but the page's own.
        $driver = @'
<script>
var viewer = null;
document.querySelector('.thumb').click();
viewer = document.querySelector('.viewer');
document.body.setAttribute('data-open', String(!viewer.hidden));
document.body.setAttribute('data-src', viewer.querySelector('img').getAttribute('src'));
document.body.setAttribute('data-caption', viewer.querySelector('figcaption .prompt').textContent);
document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
document.body.setAttribute('data-closed', String(viewer.hidden));
</script>
'@
        $html = Get-Content -LiteralPath $Page.FullName -Raw
        $copy = Join-Path $Art 'driven.html'
        ($html -replace '<meta http-equiv="Content-Security-Policy"[^>]*>', '') -replace '</body>', "$driver</body>" |
            Set-Content -LiteralPath $copy -NoNewline
        try { $dom = Get-BrowserDom $copy '' } finally { Remove-Item -LiteralPath $copy }
        $body = [regex]::Match($dom, '<body([^>]*)>').Groups[1].Value
        $attribute = { param($name) [Net.WebUtility]::HtmlDecode([regex]::Match($body, "$name=""([^""]*)""").Groups[1].Value) }
        $first = @(Get-GalleryItem $dom)[0]
        & $attribute 'data-open' | Should -Be 'true'
        & $attribute 'data-src' | Should -Be $first.Href
        & $attribute 'data-caption' | Should -Be $first.Caption
        & $attribute 'data-closed' | Should -Be 'true'
    }

    It 'links every image to its full-size file by a relative URL' {
        $items = @(Get-GalleryItem (Get-Content -LiteralPath $Page.FullName -Raw))
        $items.Href | Sort-Object | Should -Be ($Saved.Name | Sort-Object)
    }

    It 'is readable without script: grid and captions are in the file, and nothing is fetched from elsewhere' {
        $html = Get-Content -LiteralPath $Page.FullName -Raw
        $captions = @((Get-GalleryItem $html).Caption)
        foreach ($prompt in $Prompts) { $captions | Should -Contain $prompt }
        $html | Should -Not -Match '(src|href)="(https?:)?//'
        $html | Should -Match '<span>5 images</span><span>5 credits</span>'
    }
}

Describe 'Export-NbGallery writing the page' {
    BeforeEach {
        $Folder = New-TestFolderPath
        $null = New-Item -ItemType Directory $Folder
        $Saved | Copy-Item -Destination $Folder
        $Index = Join-Path $Folder 'index.html'
    }

    It 'writes index.html in the images'' folder, emits it only with -PassThru, and leaves no temp file' {
        Export-NbGallery $Folder | Should -BeNullOrEmpty
        Test-Path -LiteralPath $Index | Should -BeTrue
        $page = Export-NbGallery -LiteralPath $Folder -PassThru
        $page | Should -BeOfType [IO.FileInfo]
        $page.FullName | Should -Be $Index
        Get-ChildItem -LiteralPath $Folder -Force -Filter '.*' | Should -BeNullOrEmpty
    }

    It 'writes nothing with -WhatIf' {
        Export-NbGallery $Folder -WhatIf | Should -BeNullOrEmpty
        Get-ChildItem -LiteralPath $Folder -Force -Filter '*.htm*' | Should -BeNullOrEmpty
        Get-ChildItem -LiteralPath $Folder -Force -Filter '.*' | Should -BeNullOrEmpty
    }

    It 'keeps a page it did not write unless -Force, and replaces its own page' {
        Set-Content -LiteralPath $Index -Value '<html>my own page</html>'
        $result = Invoke-Collecting { Export-NbGallery $Folder -PassThru }
        $result.Output | Should -BeNullOrEmpty
        Assert-NbError $result.Errors[0] -Id NbFileExists -Category ResourceExists
        $result.Errors[0].Exception.Message | Should -BeLike "*$Index*-Force*"
        Get-Content -LiteralPath $Index -Raw | Should -Match 'my own page'

        $null = Export-NbGallery $Folder -Force
        Get-Content -LiteralPath $Index -Raw | Should -Match '<span>5 images</span>'
        Remove-Item -LiteralPath (Join-Path $Folder $Saved[0].Name)
        $again = Invoke-Collecting { Export-NbGallery $Folder }
        $again.Errors | Should -BeNullOrEmpty
        Get-Content -LiteralPath $Index -Raw | Should -Match '<span>4 images</span>'
        Get-ChildItem -LiteralPath $Folder -Force -Filter '.*' | Should -BeNullOrEmpty
    }

    It 'takes piped files, passing over those that are not images' {
        Set-Content -LiteralPath (Join-Path $Folder 'notes.txt') -Value 'not an image'
        $result = Invoke-Collecting { Get-ChildItem -LiteralPath $Folder | Export-NbGallery -PassThru }
        $result.Errors | Should -BeNullOrEmpty
        $result.Output.FullName | Should -Be $Index
        @(Get-GalleryItem (Get-Content -LiteralPath $Index -Raw)) | Should -HaveCount $Saved.Count
    }

    It 'takes piped image infos from Get-NbImageInfo' {
        $page = Get-ChildItem -LiteralPath $Folder | Select-Object -First 2 | Get-NbImageInfo | Export-NbGallery -PassThru
        $page.FullName | Should -Be $Index
        @(Get-GalleryItem (Get-Content -LiteralPath $Index -Raw)) | Should -HaveCount 2
    }

    It 'reports a named file that is not an image and shows the others' {
        $notes = Join-Path $Folder 'notes.txt'
        Set-Content -LiteralPath $notes -Value 'not an image'
        $images = @(Get-ChildItem -LiteralPath $Folder -Filter '*.*g').FullName
        $result = Invoke-Collecting { Export-NbGallery -Path (@($notes) + $images) }
        Assert-NbError $result.Errors[0] -Id NbInvalidRequest -Category InvalidArgument
        $result.Errors[0].Exception.Message | Should -BeLike '*notes.txt*'
        @(Get-GalleryItem (Get-Content -LiteralPath $Index -Raw)) | Should -HaveCount $images.Count
    }

    It 'writes -OutFile elsewhere with links back to the images, and its -Title as text' {
        $out = Join-Path (New-TestFolderPath 'pages') 'my #1 page.html'
        $page = Export-NbGallery (Join-Path $Folder '*.png') -OutFile $out -Title '<b>Best</b> of' -PassThru
        $page.FullName | Should -Be $out
        $html = Get-Content -LiteralPath $out -Raw
        $html | Should -Match '<title>&lt;b&gt;Best&lt;/b&gt; of</title>'
        $items = @(Get-GalleryItem $html)
        $items.Count | Should -Be @(Get-ChildItem -LiteralPath $Folder -Filter '*.png').Count
        foreach ($item in $items) {
            $item.Href | Should -BeLike '../art-*/*.png'
            Test-Path -LiteralPath (Join-Path (Split-Path $out) ([Uri]::UnescapeDataString($item.Href))) | Should -BeTrue
        }
    }

    It 'refuses an -OutFile that is not on the file system' {
        $result = Invoke-Collecting { Export-NbGallery $Folder -OutFile 'Env:\gallery' }
        Assert-NbError $result.Errors[0] -Id NbInvalidRequest -Category InvalidArgument
        $result.Errors[0].Exception.Message | Should -BeLike '*Env:\gallery*file-system*'
    }

    It 'refuses an -OutFile that is a folder with NbSaveFailed' {
        $result = Invoke-Collecting { Export-NbGallery $Folder -OutFile $Folder }
        Assert-NbError $result.Errors[0] -Id NbSaveFailed -Category WriteError
        Get-ChildItem -LiteralPath $Folder -Force -Filter '*.htm*' | Should -BeNullOrEmpty
    }
}
