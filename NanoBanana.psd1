@{
    RootModule           = 'NanoBanana.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '47330c15-df1e-403a-b2a2-f2576a311423'
    Author               = 'NanoBanana for PowerShell contributors'
    CompanyName          = 'NanoBanana for PowerShell contributors'
    Copyright            = '(c) 2026 NanoBanana for PowerShell contributors. MIT License.'
    Description          = 'Generate images with the Nano Banana API from PowerShell: list models and credits, generate in sync, stream or async mode with progress, wait for generations and save the images, in pipelines that are safe to run unattended.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('NanoBanana.format.ps1xml')
    CmdletsToExport      = @(
        'Connect-NbAccount'
        'Disconnect-NbAccount'
        'Get-NbModel'
        'Get-NbCredit'
        'New-NbImage'
        'Get-NbGeneration'
        'Wait-NbGeneration'
        'Save-NbImage'
        'Get-NbImageInfo'
        'Export-NbGallery'
        'Get-NbHistory'
        'Clear-NbHistory'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('NanoBanana', 'NanoBananaAPI', 'ImageGeneration', 'AI', 'GenerativeAI', 'Images', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/nanobanana-powershell/NanoBanana'
            LicenseUri   = 'https://github.com/nanobanana-powershell/NanoBanana/blob/main/LICENSE'
            ReleaseNotes = '0.1.0, the first release: models and credits, image generation in sync, stream and async mode, waiting for generations and saving their images. Every change: https://github.com/nanobanana-powershell/NanoBanana/blob/main/CHANGELOG.md'
        }
    }
}
