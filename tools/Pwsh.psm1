# Starting a fresh PowerShell like the running one, for build steps and tests that need a process of their own.
# pwsh is not on PATH here: the repository runs the PowerShell dotnet tool, whose process is dotnet running pwsh.dll.

# The executable, then the arguments that come before pwsh's own (pwsh.dll under dotnet).
function Get-PwshCommand {
    $executable = [Environment]::ProcessPath
    $prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($executable) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
    @($executable) + $prefix
}

# Runs pwsh -NoProfile -NonInteractive with the arguments in this console and returns its output.
function Invoke-Pwsh {
    $executable, $prefix = Get-PwshCommand
    & $executable @($prefix) -NoProfile -NonInteractive @args
}

# A start info for pwsh -NoProfile -NonInteractive with the arguments and its output and errors redirected; the
# caller adjusts the environment and starts it.
function New-PwshStartInfo([string[]] $ArgumentList) {
    $executable, $prefix = Get-PwshCommand
    $start = [Diagnostics.ProcessStartInfo]::new($executable)
    foreach ($argument in @($prefix) + @('-NoProfile', '-NonInteractive') + @($ArgumentList)) {
        $start.ArgumentList.Add($argument)
    }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start
}

Export-ModuleMember -Function Get-PwshCommand, Invoke-Pwsh, New-PwshStartInfo
