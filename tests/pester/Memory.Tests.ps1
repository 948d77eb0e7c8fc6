BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    $Art = Join-Path $TestDrive 'art'
}

# Bytes allocated by the whole process while saving: an upper bound of how much memory a download can have held,
# and far below what buffering one image would take.
Describe 'Downloads stream to disk' {
    It 'saves a <Count> x <MB> MB batch allocating less than <LimitMB> MB' -TestCases @(
        @{ Count = 1; MB = 50; LimitMB = 16 }
        @{ Count = 20; MB = 5; LimitMB = 32 }
    ) {
        $account = New-TestAccount @{ credits = 50; imageBytes = $MB * 1MB; imageWidth = 1024 }
        $generations = 1..$Count | ForEach-Object { "big $_" } | New-NbImage -ThrottleLimit 8 -ApiKey $account.key
        $null = Invoke-WebRequest -Uri $generations[0].Images[0].Url -UserAgent 'warm-up' -OutFile (Join-Path $TestDrive 'warm-up')
        $folder = Join-Path $Art "$Count-$MB"
        $before = [GC]::GetTotalAllocatedBytes($true)
        $files = $generations | Save-NbImage -Path $folder -ThrottleLimit 8
        $allocated = [GC]::GetTotalAllocatedBytes($true) - $before
        $files | Should -HaveCount $Count
        ($files | Measure-Object Length -Sum).Sum | Should -BeGreaterOrEqual ($Count * $MB * 1MB * 0.99)
        $allocated / 1MB | Should -BeLessThan $LimitMB
    }
}

Describe 'Fast start' {
    It 'Import-Module and the first commands load no DLL from the module folder but the module''s own' {
        $folder = Split-Path $ModuleManifest
        $run = Invoke-Captured {
            param($folder)
            $loaded = { @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { -not $_.IsDynamic -and $_.Location -like "$folder*" } | ForEach-Object { Split-Path $_.Location -Leaf }) }
            [pscustomobject]@{ Step = 'import'; Dlls = & $loaded }
            $null = Get-NbModel -Refresh
            [pscustomobject]@{ Step = 'first command'; Dlls = & $loaded }
        } -ArgumentList $folder
        $run.Errors | Should -BeNullOrEmpty
        foreach ($step in $run.Output) {
            $step.Dlls | Should -Be @('NanoBanana.PowerShell.dll') -Because "after $($step.Step) PowerShell 7 uses its own System.Text.Json and friends"
        }
    }
}
