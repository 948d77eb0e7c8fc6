# The journal's cost per generation (New-NbImage -Journal). Dot-sourced by Invoke-Bench.ps1, which calls
# Measure-JournalBench and adds its rows and $JournalBenchMethod to docs/benchmarks.md.

$JournalBenchMethod = '- **Journal**: what `-Journal` adds to each generation. (1) A batch of 200 sync generations through
  `New-NbImage -NoHistory` against an emulator account that answers at once (0 ms latency), one at a time (the default
  -ThrottleLimit 1, so nothing hides the journal''s work), without and then with `-Journal` (a new journal each time),
  in 9 rounds; the median of the rounds'' differences divided by 200 is the cost per generation, the ratio compares the
  medians of the batch times. (2) The journal''s own work timed directly, 1,000 times: planning a request (its
  fingerprint), its intent record, flushed to disk (fsync) before the call returns as it is before the POST, and its
  outcome record, handed to the system (it outlives the process; if the machine loses it, a rerun reports the request
  as of unknown outcome and does not pay again); against one bare append flushed to disk, the floor that the disk sets.'

function Measure-JournalBench($emulator, $work, [int] $Generations = 200, [int] $Rounds = 9, [int] $Direct = 1000) {
    $account = New-NbTestAccount $emulator @{ credits = 1000000; latencyMs = 0 }
    $prompts = 1..$Generations | ForEach-Object { "bench journal $_" }
    $with = [Collections.Generic.List[double]]::new()
    $without = [Collections.Generic.List[double]]::new()
    $null = $prompts[0..9] | New-NbImage -ApiKey $account.key -NoHistory   # warm-up
    $null = $prompts[0..9] | New-NbImage -ApiKey $account.key -NoHistory -Journal (Join-Path $work 'bench-journal-warm.jsonl')
    foreach ($round in 1..$Rounds) {
        $journal = Join-Path $work "bench-journal-$round.jsonl"
        $without.Add((Measure-Command { $null = $prompts | New-NbImage -ApiKey $account.key -NoHistory }).TotalMilliseconds)
        $with.Add((Measure-Command { $null = $prompts | New-NbImage -ApiKey $account.key -NoHistory -Journal $journal }).TotalMilliseconds)
    }
    $median = { param($values) $sorted = @($values | Sort-Object); $sorted[[int][Math]::Floor(($sorted.Count - 1) / 2)] }
    $withMs = & $median $with
    $withoutMs = & $median $without
    $perGeneration = (& $median (0..($Rounds - 1) | ForEach-Object { $with[$_] - $without[$_] })) / $Generations

    # The journal's own work, through the module's internal types.
    $assembly = [NanoBanana.NbGeneration].Assembly
    $journalType = $assembly.GetType('NanoBanana.Api.BatchJournal')
    $requestType = $assembly.GetType('NanoBanana.Api.GenerationRequest')
    $path = Join-Path $work 'bench-journal-direct.jsonl'
    $journal = $journalType.GetConstructors()[0].Invoke(@([string]$path))
    $create = $requestType.GetMethod('Create')
    $plan = $journalType.GetMethod('Plan')
    $intent = $journalType.GetMethod('RecordIntent')
    $outcome = $journalType.GetMethod('RecordOutcome')
    $uriType = [Collections.Generic.List[Uri]]
    $noFiles = [Collections.Generic.List[string]]::new()
    $generation = [NanoBanana.NbGeneration]@{ Id = 'cmbenchjournal0000000000'; Status = 'Completed'; CreditsUsed = 1
        Images = @([NanoBanana.NbImage]@{ Url = 'https://cdn.example/png/1.png'; Index = 1; GenerationId = 'cmbenchjournal0000000000' }) }
    $clock = [Diagnostics.Stopwatch]::StartNew()
    for ($i = 0; $i -lt $Direct; $i++) {
        $request = $create.Invoke($null, @("a watercolour fox number $i", 'gemini-2.5-flash-image', '16:9', $uriType::new(), $noFiles, [NanoBanana.Api.GenerationMode]::Sync))
        $entry = $plan.Invoke($journal, @($request))
        $null = $intent.Invoke($journal, @($entry, $request))
        $null = $outcome.Invoke($journal, @($entry, $generation))
    }
    $directMs = $clock.Elapsed.TotalMilliseconds / $Direct

    # What the disk charges for one flush, the floor of each record.
    $bytes = [Text.Encoding]::UTF8.GetBytes(('x' * 300) + "`n")
    $stream = [IO.FileStream]::new((Join-Path $work 'bench-fsync.bin'), 'Append', 'Write', 'Read', 1)
    try {
        $clock.Restart()
        for ($i = 0; $i -lt $Direct; $i++) { $stream.Write($bytes, 0, $bytes.Length); $stream.Flush($true) }
        $fsyncMs = $clock.Elapsed.TotalMilliseconds / $Direct
    }
    finally {
        $stream.Dispose()
    }

    [pscustomobject]@{ Benchmark = "Journal: cost per generation, $Generations sync generations at 0 ms latency"; Measured = '{0:0.00} ms' -f $perGeneration; Versus = 'the batch without -Journal'; Ratio = '{0:0.00}x' -f ($withMs / $withoutMs); Target = '< 1 ms' }
    [pscustomobject]@{ Benchmark = 'Journal: plan + intent (flushed to disk) + outcome records, timed directly'; Measured = '{0:0.00} ms' -f $directMs; Versus = 'one bare flush to disk'; Ratio = '{0:0.00}x' -f ($directMs / $fsyncMs); Target = '< 1 ms' }
    [pscustomobject]@{ Benchmark = 'Journal: one 300-byte append flushed to disk (FileStream.Flush(true)), the floor of a record'; Measured = '{0:0.00} ms' -f $fsyncMs; Versus = ''; Ratio = ''; Target = '' }
}
