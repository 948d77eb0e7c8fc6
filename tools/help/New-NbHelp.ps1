<#
.SYNOPSIS
    Writes the module's help into <module>/en-US: MAML for every cmdlet, and the about topics.
.DESCRIPTION
    There is no platyPS here, so the help is built from what the module already says about itself:
      - the compiler's XML doc file: a cmdlet class's <para type="synopsis"> and <para type="description">, a
        parameter property's <para type="description">, an output type's <summary>;
      - the module itself (Get-Command): parameter sets, types, mandatory, position, pipeline input, aliases,
        wildcards, [OutputType], and default values read from a new instance of each cmdlet class;
      - <HelpSourcePath>/examples/<cmdlet>.md: the examples, one '## <title>' section per example holding one
        powershell code block and the remarks;
      - <HelpSourcePath>/about_*.help.txt, copied as they are.
    Missing text is written as empty and reported as a warning; tests/pester/Help.Tests.ps1 fails on it.
    build.ps1 runs this in a fresh PowerShell process, because it imports the module it documents.
.EXAMPLE
    dotnet pwsh -NoProfile -File tools/help/New-NbHelp.ps1 -ModulePath out/NanoBanana -XmlDocPath src/NanoBanana.PowerShell/bin/Release/netstandard2.0/NanoBanana.PowerShell.xml -HelpSourcePath docs/help
#>
[CmdletBinding()]
param(
    # The built module folder (holding NanoBanana.psd1); the help goes to its en-US subfolder.
    [Parameter(Mandatory)] [string] $ModulePath,
    # The compiler's XML documentation file of the module assembly.
    [Parameter(Mandatory)] [string] $XmlDocPath,
    # The folder with examples/<cmdlet>.md and about_*.help.txt.
    [Parameter(Mandatory)] [string] $HelpSourcePath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$MamlNs = 'http://schemas.microsoft.com/maml/2004/10'
$CommandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$DevNs = 'http://schemas.microsoft.com/maml/dev/2004/10'

# The parameters PowerShell adds to cmdlets that support ShouldProcess. They are documented like the cmdlet's own.
$ShouldProcessHelp = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run: nothing is sent and nothing is written.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}

#region The XML doc file

function Read-XmlDoc([string] $Path) {
    $members = @{}
    foreach ($member in ([xml](Get-Content $Path -Raw)).doc.members.member) {
        $members[$member.name] = $member
    }
    $members
}

# The text of a doc comment node with <c>, <see cref>, <paramref> rendered as plain text and whitespace collapsed.
function Get-NodeText([System.Xml.XmlNode] $Node) {
    $parts = foreach ($child in $Node.ChildNodes) {
        if ($child.NodeType -in 'Text', 'CDATA', 'Whitespace', 'SignificantWhitespace') {
            $child.Value
        }
        elseif ($child.LocalName -eq 'see' -and $child.Attributes['cref']) {
            ($child.Attributes['cref'].Value -replace '^\w:', '' -split '\.')[-1]
        }
        elseif ($child.LocalName -eq 'see' -and $child.Attributes['langword']) {
            $child.Attributes['langword'].Value
        }
        elseif ($child.LocalName -eq 'paramref') {
            $child.Attributes['name'].Value
        }
        else {
            Get-NodeText $child
        }
    }
    ((-join $parts) -replace '\s+', ' ').Trim()
}

# The paragraphs of one kind (synopsis, description) of a member's summary. A summary without typed paragraphs
# counts as a description, so plain /// <summary> text on a parameter is not lost.
function Get-DocParagraphs([hashtable] $Docs, [string] $MemberName, [string] $Kind) {
    $member = $Docs[$MemberName]
    if (-not $member -or -not $member['summary']) { return @() }
    $typed = @($member['summary'].SelectNodes("para[@type='$Kind']"))
    if ($typed.Count) {
        return @($typed | ForEach-Object { Get-NodeText $_ } | Where-Object { $_ })
    }
    if ($Kind -eq 'description' -and -not $member['summary'].SelectNodes('para[@type]').Count) {
        return @(Get-NodeText $member['summary'] | Where-Object { $_ })
    }
    @()
}

#endregion

#region Examples

# Reads examples/<cmdlet>.md: text before the first '## ' heading is ignored; each '## <title>' section is an example
# with exactly one fenced code block; the rest of the section, split on blank lines, is the remarks.
function Read-Examples([string] $Path) {
    $examples = [System.Collections.Generic.List[object]]::new()
    $current = $null
    $inCode = $false
    foreach ($line in Get-Content $Path) {
        if ($inCode) {
            if ($line -match '^```\s*$') { $inCode = $false } else { $current.Code.Add($line) }
        }
        elseif ($line -match '^##\s+(.+?)\s*$') {
            $current = [pscustomobject]@{ Title = $Matches[1]; Code = [System.Collections.Generic.List[string]]::new(); Text = [System.Collections.Generic.List[string]]::new() }
            $examples.Add($current)
        }
        elseif ($null -eq $current) {
            continue
        }
        elseif ($line -match '^```') {
            if ($current.Code.Count) { throw "$Path, '$($current.Title)': an example has one code block." }
            $inCode = $true
        }
        else {
            $current.Text.Add($line)
        }
    }
    if ($inCode) { throw "$Path, '$($current.Title)': the code block is not closed." }

    foreach ($example in $examples) {
        if (-not $example.Code.Count) { throw "$Path, '$($example.Title)': the example has no code block." }
        [pscustomobject]@{
            Title   = $example.Title
            Code    = ($example.Code -join [Environment]::NewLine).Trim()
            Remarks = @((($example.Text -join "`n") -split '\n\s*\n') | ForEach-Object { ($_ -replace '\s+', ' ').Trim() } | Where-Object { $_ })
        }
    }
}

#endregion

#region Command metadata

function Get-TypeDisplayName([type] $Type) {
    $inner = [Nullable]::GetUnderlyingType($Type)
    if ($inner) { $Type = $inner }
    $Type.Name
}

function Get-TypeFullName([type] $Type) {
    $inner = [Nullable]::GetUnderlyingType($Type)
    if ($inner) { $Type = $inner }
    $Type.FullName
}

# What a parameter accepts when its type or a ValidateSet limits it to a few values.
function Get-AllowedValues($Parameter) {
    $set = $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
    if ($set) { return @($set.ValidValues) }
    $type = $Parameter.ParameterType
    $inner = [Nullable]::GetUnderlyingType($type)
    if ($inner) { $type = $inner }
    if ($type.IsArray) { $type = $type.GetElementType() }
    if ($type.IsEnum) { return [enum]::GetNames($type) }
    @()
}

function Format-DefaultValue($Value) {
    if ($null -eq $Value) { return 'None' }
    if ($Value -is [System.Management.Automation.SwitchParameter]) { return [string]$Value.IsPresent }
    if ($Value -is [string]) { if ($Value) { return $Value } else { return 'None' } }
    if ($Value -is [array]) { if ($Value.Count) { return ($Value | ForEach-Object { [string]$_ }) -join ', ' } else { return 'None' } }
    [System.Convert]::ToString($Value, [cultureinfo]::InvariantCulture)
}

# One record per documented parameter: the facts the MAML needs, merged over the parameter sets it is in.
function Get-ParameterFacts([System.Management.Automation.CmdletInfo] $Command, [hashtable] $Docs) {
    $type = $Command.ImplementingType
    $instance = [Activator]::CreateInstance($type)
    try {
        $order = 0
        foreach ($parameter in $Command.Parameters.Values) {
            $name = $parameter.Name
            if ($name -in [System.Management.Automation.Cmdlet]::CommonParameters) { continue }
            $order++
            $sets = @($parameter.ParameterSets.Values)
            $positions = @($sets | Where-Object Position -GE 0 | ForEach-Object Position)
            $byValue = [bool]($sets | Where-Object ValueFromPipeline)
            $byName = [bool]($sets | Where-Object ValueFromPipelineByPropertyName)
            $property = $type.GetProperty($name)
            if ($ShouldProcessHelp.ContainsKey($name)) {
                $description = @($ShouldProcessHelp[$name])
                $default = 'False'
            }
            else {
                $description = Get-DocParagraphs $Docs "P:$($property.DeclaringType.FullName).$name" 'description'
                $default = Format-DefaultValue $property.GetValue($instance)
            }
            $pipeline = @(if ($byValue) { 'ByValue' }; if ($byName) { 'ByPropertyName' })
            $mandatory = -not ($sets | Where-Object { -not $_.IsMandatory })
            $position = if ($positions.Count) { $positions[0] } else { -1 }
            [pscustomobject]@{
                Name           = $name
                Order          = $order
                Type           = $parameter.ParameterType
                IsSwitch       = $parameter.SwitchParameter
                Mandatory      = $mandatory
                Position       = if ($position -ge 0) { [string]$position } else { 'named' }
                PositionNumber = $position
                Rank           = Get-Rank $position $mandatory
                ByValue        = $byValue
                ByName         = $byName
                PipelineInput  = if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }
                Globbing       = [bool]($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
                Aliases        = @($parameter.Aliases)
                AllowedValues  = @(Get-AllowedValues $parameter)
                Default        = $default
                Description    = @($description)
            }
        }
    }
    finally {
        if ($instance -is [System.IDisposable]) { $instance.Dispose() }
    }
}

# Syntax and the parameter list show positional parameters by position, then mandatory ones, then the rest as the
# cmdlet declares them: sort by rank, position, declaration order.
function Get-Rank([int] $Position, [bool] $Mandatory) {
    if ($Position -ge 0) { 0 } elseif ($Mandatory) { 1 } else { 2 }
}

#endregion

#region MAML

# Get-Help prints a paragraph as it is and breaks it anywhere at the console's width less one, so paragraphs are
# wrapped here to fit 79 columns (an 80-column terminal) after Get-Help's indent: 4 columns, 8 in the parameter list.
function Format-Wrapped([string] $Text, [int] $Width = 75) {
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = ''
    foreach ($word in $Text -split ' ' | Where-Object { $_ }) {
        if ($line -and $line.Length + 1 + $word.Length -gt $Width) {
            $lines.Add($line)
            $line = $word
        }
        else {
            $line = if ($line) { "$line $word" } else { $word }
        }
    }
    if ($line) { $lines.Add($line) }
    $lines -join "`n"
}

function Write-Paragraphs([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs, [int] $Width = 75) {
    $Writer.WriteStartElement('maml', 'description', $MamlNs)
    foreach ($paragraph in @($Paragraphs) + @(if (-not $Paragraphs) { '' })) {
        $Writer.WriteElementString('maml', 'para', $MamlNs, (Format-Wrapped $paragraph $Width))
    }
    $Writer.WriteEndElement()
}

function Write-DevType([System.Xml.XmlWriter] $Writer, [string] $FullName) {
    $Writer.WriteStartElement('dev', 'type', $DevNs)
    $Writer.WriteElementString('maml', 'name', $MamlNs, $FullName)
    $Writer.WriteElementString('maml', 'uri', $MamlNs, '')
    $Writer.WriteEndElement()
}

# A <command:parameter>, as it appears in a syntax item (-InSyntax: switches show no value) or in the parameter list.
function Write-Parameter([System.Xml.XmlWriter] $Writer, $Fact, [bool] $Mandatory, [string] $Position, [switch] $InSyntax) {
    $Writer.WriteStartElement('command', 'parameter', $CommandNs)
    $Writer.WriteAttributeString('required', $Mandatory.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', $Fact.Type.IsArray.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', $Fact.Globbing.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $Fact.PipelineInput)
    $Writer.WriteAttributeString('position', $Position)
    $Writer.WriteAttributeString('aliases', $(if ($Fact.Aliases) { $Fact.Aliases -join ', ' } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $MamlNs, $Fact.Name)
    Write-Paragraphs $Writer $Fact.Description -Width 71
    if ($InSyntax -and $Fact.AllowedValues) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $CommandNs)
        foreach ($value in $Fact.AllowedValues) {
            $Writer.WriteStartElement('command', 'parameterValue', $CommandNs)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('variableLength', 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    elseif (-not ($InSyntax -and $Fact.IsSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $CommandNs)
        $Writer.WriteAttributeString('required', (-not $Fact.IsSwitch).ToString().ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', $Fact.Type.IsArray.ToString().ToLowerInvariant())
        $Writer.WriteString((Get-TypeDisplayName $Fact.Type))
        $Writer.WriteEndElement()
    }
    Write-DevType $Writer (Get-TypeFullName $Fact.Type)
    $Writer.WriteElementString('dev', 'defaultValue', $DevNs, $Fact.Default)
    $Writer.WriteEndElement()
}

function Write-Syntax([System.Xml.XmlWriter] $Writer, [System.Management.Automation.CmdletInfo] $Command, [object[]] $Facts) {
    $Writer.WriteStartElement('command', 'syntax', $CommandNs)
    foreach ($set in $Command.ParameterSets | Sort-Object { -not $_.IsDefault }) {
        $Writer.WriteStartElement('command', 'syntaxItem', $CommandNs)
        $Writer.WriteElementString('maml', 'name', $MamlNs, $Command.Name)
        $inSet = foreach ($parameter in $set.Parameters) {
            $fact = $Facts | Where-Object Name -EQ $parameter.Name
            if ($fact) {
                [pscustomobject]@{ Fact = $fact; Parameter = $parameter; Rank = Get-Rank $parameter.Position $parameter.IsMandatory }
            }
        }
        foreach ($entry in $inSet | Sort-Object Rank, { $_.Parameter.Position }, { $_.Fact.Order }) {
            $position = if ($entry.Parameter.Position -ge 0) { [string]$entry.Parameter.Position } else { 'named' }
            Write-Parameter $Writer $entry.Fact $entry.Parameter.IsMandatory $position -InSyntax
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

# What the pipeline can carry in: each by-value parameter's type, and objects whose properties bind by name.
function Write-InputTypes([System.Xml.XmlWriter] $Writer, [object[]] $Facts) {
    $Writer.WriteStartElement('command', 'inputTypes', $CommandNs)
    foreach ($fact in $Facts | Where-Object ByValue) {
        $type = if ($fact.Type.IsArray) { $fact.Type.GetElementType() } else { $fact.Type }
        $Writer.WriteStartElement('command', 'inputType', $CommandNs)
        Write-DevType $Writer (Get-TypeFullName $type)
        Write-Paragraphs $Writer @("Binds to -$($fact.Name). $($fact.Description -join ' ')".Trim()) -Width 71
        $Writer.WriteEndElement()
    }
    $byName = @($Facts | Where-Object ByName)
    if ($byName) {
        $names = $byName | ForEach-Object { (@($_.Name) + $_.Aliases) -join ' or ' }
        $Writer.WriteStartElement('command', 'inputType', $CommandNs)
        Write-DevType $Writer 'System.Management.Automation.PSObject'
        Write-Paragraphs $Writer @("An object's properties bind to the parameters of the same name: $($names -join ', ').") -Width 71
        $Writer.WriteEndElement()
    }
    if (-not ($Facts | Where-Object { $_.ByValue -or $_.ByName })) {
        $Writer.WriteStartElement('command', 'inputType', $CommandNs)
        Write-DevType $Writer 'None'
        Write-Paragraphs $Writer @('This cmdlet takes no pipeline input.')
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-ReturnValues([System.Xml.XmlWriter] $Writer, [System.Management.Automation.CmdletInfo] $Command, [hashtable] $Docs) {
    $Writer.WriteStartElement('command', 'returnValues', $CommandNs)
    $types = @($Command.OutputType | Where-Object { $_.Type -ne [void] })
    foreach ($output in $types) {
        $Writer.WriteStartElement('command', 'returnValue', $CommandNs)
        $name = if ($output.Type) { $output.Type.FullName } else { $output.Name }
        Write-DevType $Writer $name
        Write-Paragraphs $Writer @(Get-DocParagraphs $Docs "T:$name" 'description') -Width 71
        $Writer.WriteEndElement()
    }
    if (-not $types) {
        $Writer.WriteStartElement('command', 'returnValue', $CommandNs)
        Write-DevType $Writer 'None'
        Write-Paragraphs $Writer @('This cmdlet returns no output.')
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

# '---- Example 1: Title ----', centred in the 75 columns the paragraphs use.
function Format-ExampleTitle([string] $Title) {
    $side = '-' * [Math]::Max(2, [Math]::Floor((75 - 2 - $Title.Length) / 2))
    "$side $Title $side"
}

function Write-Examples([System.Xml.XmlWriter] $Writer, [object[]] $Examples) {
    $Writer.WriteStartElement('command', 'examples', $CommandNs)
    $number = 0
    foreach ($example in $Examples) {
        $number++
        $Writer.WriteStartElement('command', 'example', $CommandNs)
        $Writer.WriteElementString('maml', 'title', $MamlNs, (Format-ExampleTitle "Example $($number): $($example.Title)"))
        $Writer.WriteElementString('dev', 'code', $DevNs, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $DevNs)
        # The empty paragraph puts a blank line between the remarks and the next example.
        foreach ($paragraph in @($example.Remarks) + '') {
            $Writer.WriteElementString('maml', 'para', $MamlNs, (Format-Wrapped $paragraph))
        }
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

# The about topic, then the module's cmdlets that the examples use alongside this one.
function Write-RelatedLinks([System.Xml.XmlWriter] $Writer, [System.Management.Automation.CmdletInfo] $Command, [object[]] $Examples, [string[]] $CommandNames) {
    $code = ($Examples | ForEach-Object Code) -join "`n"
    $related = @('about_NanoBanana') + @($CommandNames | Where-Object { $_ -ne $Command.Name -and $code -match "\b$([regex]::Escape($_))\b" })
    $Writer.WriteStartElement('command', 'relatedLinks', $CommandNs)
    foreach ($name in $related) {
        $Writer.WriteStartElement('maml', 'navigationLink', $MamlNs)
        $Writer.WriteElementString('maml', 'linkText', $MamlNs, $name)
        $Writer.WriteElementString('maml', 'uri', $MamlNs, '')
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-CommandHelp([System.Xml.XmlWriter] $Writer, [System.Management.Automation.CmdletInfo] $Command, [hashtable] $Docs, [string[]] $CommandNames) {
    $typeName = "T:$($Command.ImplementingType.FullName)"
    $synopsis = @(Get-DocParagraphs $Docs $typeName 'synopsis')
    $description = @(Get-DocParagraphs $Docs $typeName 'description')
    $facts = @(Get-ParameterFacts $Command $Docs | Sort-Object Rank, PositionNumber, Order)
    $exampleFile = Join-Path $HelpSourcePath "examples/$($Command.Name).md"
    $examples = @(if (Test-Path $exampleFile) { Read-Examples $exampleFile })

    if (-not $synopsis) { Write-Warning "$($Command.Name) has no synopsis (<para type=""synopsis""> on $($Command.ImplementingType.Name))." }
    if (-not $description) { Write-Warning "$($Command.Name) has no description (<para type=""description""> on $($Command.ImplementingType.Name))." }
    foreach ($fact in $facts | Where-Object { -not $_.Description }) { Write-Warning "$($Command.Name) -$($fact.Name) has no description." }
    if ($examples.Count -lt 2) { Write-Warning "$($Command.Name) has $($examples.Count) example(s) in $exampleFile; it needs two." }

    $Writer.WriteStartElement('command', 'command', $CommandNs)
    $Writer.WriteStartElement('command', 'details', $CommandNs)
    $Writer.WriteElementString('command', 'name', $CommandNs, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $CommandNs, $Command.Verb)
    $Writer.WriteElementString('command', 'noun', $CommandNs, $Command.Noun)
    Write-Paragraphs $Writer $synopsis
    $Writer.WriteEndElement()
    Write-Paragraphs $Writer $description
    Write-Syntax $Writer $Command $facts
    $Writer.WriteStartElement('command', 'parameters', $CommandNs)
    foreach ($fact in $facts) {
        Write-Parameter $Writer $fact $fact.Mandatory $fact.Position
    }
    $Writer.WriteEndElement()
    Write-InputTypes $Writer $facts
    Write-ReturnValues $Writer $Command $Docs
    Write-Examples $Writer $examples
    Write-RelatedLinks $Writer $Command $examples $CommandNames
    $Writer.WriteEndElement()
}

#endregion

$manifest = Get-ChildItem $ModulePath -Filter '*.psd1' | Select-Object -First 1
$module = Import-Module $manifest.FullName -PassThru -Force
$commands = @(Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)
$docs = Read-XmlDoc $XmlDocPath
$helpFolder = Join-Path $module.ModuleBase 'en-US'
$null = New-Item -ItemType Directory -Force $helpFolder
$helpFile = Join-Path $helpFolder "$([IO.Path]::GetFileName($module.Path))-Help.xml"

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$writer = [System.Xml.XmlWriter]::Create($helpFile, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    $writer.WriteAttributeString('xmlns', 'maml', $null, $MamlNs)
    $writer.WriteAttributeString('xmlns', 'command', $null, $CommandNs)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $DevNs)
    foreach ($command in $commands) {
        Write-CommandHelp $writer $command $docs $commands.Name
    }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally {
    $writer.Dispose()
}

Copy-Item (Join-Path $HelpSourcePath 'about_*.help.txt') $helpFolder
Write-Host "Help for $($commands.Count) cmdlets in $helpFolder"
