# VM consoles over VNC against a real QEMU (its firmware's screen): the simulator's vncproxy/vncwebsocket bridge to
# QEMU's VNC as PVE's do, so the module's RFB client, its bridge and the screenshot meet a real VNC server, and a
# third-party viewer (Debian's vncsnapshot) goes through the bridge. Not discovered where QEMU is not installed
# (CI installs it: .ci/run).
BeforeDiscovery {
    $qemuInstalled = [bool](Get-Command qemu-system-x86_64 -ErrorAction SilentlyContinue)
}

Describe 'VNC consoles with a real QEMU' -ForEach @(if ($qemuInstalled) { @{ Name = 'QEMU' } }) {
    BeforeAll {
        . $PSScriptRoot/TestHelpers.ps1
        Import-KvmPveUnderTest
        $qemu = Start-TestQemu
        # VM 100 (web01, running) is this QEMU.
        $sim = Start-KvmPveSimulator -QemuVnc @{ 100 = @{ Host = $qemu.Host; Port = $qemu.Port; Qmp = $qemu.Qmp; Serial = $qemu.Serial } }
        $null = Connect-TestPve $sim
        function Get-OpenVnc { (Invoke-RestMethod "$($sim.BaseUri)_simulator/pve/consoles" -SkipCertificateCheck).vnc }
        function Get-ProxyCount { @(Get-KvmPveSimulatorRequest $sim | Where-Object { $_.path -like '*/vncproxy' }).Count }
        # A PNG checked by Python's zlib (an independent reader): chunk CRCs, the image data's size, and how many
        # different colours it has.
        function Test-Png([string] $Path) {
            $script = @'
import sys, zlib, struct
d = open(sys.argv[1], 'rb').read()
assert d[:8] == b'\x89PNG\r\n\x1a\n', 'signature'
i, idat, w, h = 8, b'', 0, 0
while i < len(d):
    n, t = struct.unpack('>I', d[i:i+4])[0], d[i+4:i+8]
    c = d[i+8:i+8+n]
    assert zlib.crc32(t + c) & 0xffffffff == struct.unpack('>I', d[i+8+n:i+12+n])[0], 'crc of ' + t.decode()
    if t == b'IHDR': w, h = struct.unpack('>II', c[:8])
    if t == b'IDAT': idat += c
    i += 12 + n
raw = zlib.decompress(idat)
assert len(raw) == h * (1 + w * 3), 'size'
pixels = set(raw[r * (1 + w * 3) + 1 + x * 3: r * (1 + w * 3) + 4 + x * 3] for r in range(h) for x in range(0, w, 7))
print(w, h, len(pixels))
'@
            $out = $script | & python3 - $Path
            if ($LASTEXITCODE -ne 0) { throw "Not a valid PNG: $out" }
            $w, $h, $colours = ($out -split ' ') | ForEach-Object { [int]$_ }
            [pscustomobject]@{ Width = $w; Height = $h; Colours = $colours }
        }
        # A viewer that only authenticates (RFB 3.3, VNC authentication) and stays connected.
        function Connect-VncViewer([int] $Port, [securestring] $Password) {
            $tcp = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $Port)
            $stream = $tcp.GetStream()
            $read = { param($n) $buffer = [byte[]]::new($n); $at = 0; while ($at -lt $n) { $got = $stream.Read($buffer, $at, $n - $at); if ($got -eq 0) { throw 'closed' }; $at += $got }; , $buffer }
            $null = & $read 12
            $stream.Write([Text.Encoding]::ASCII.GetBytes("RFB 003.003`n"), 0, 12)
            $null = & $read 4
            $challenge = & $read 16
            $key = [Text.Encoding]::ASCII.GetBytes([Net.NetworkCredential]::new('', $Password).Password) | ForEach-Object { $b = $_; $r = 0; for ($i = 0; $i -lt 8; $i++) { $r = $r -bor ((($b -shr $i) -band 1) -shl (7 - $i)) }; [byte]$r }
            $des = [Security.Cryptography.DES]::Create(); $des.Mode = 'ECB'; $des.Padding = 'None'
            $response = $des.CreateEncryptor([byte[]]$key, $null).TransformFinalBlock($challenge, 0, 16)
            $stream.Write($response, 0, 16)
            $result = & $read 4
            if ($result[3] -ne 0) { throw 'VNC authentication failed' }
            $tcp
        }
    }

    AfterAll {
        Get-PveSession | Disconnect-Pve -Confirm:$false -ErrorAction SilentlyContinue
        Stop-KvmPveSimulator $sim
        Stop-TestQemu $qemu
    }

    Context 'Save-PveVmScreenshot' {
        It 'saves the screen as a valid PNG of the screen''s size, not blank' {
            $path = Join-Path $TestDrive 'web01.png'
            $shot = Save-PveVmScreenshot -VmId 100 $path
            $shot | Should -BeOfType ([KvmPve.PveScreenshot])
            $png = Test-Png $path
            $png.Width | Should -Be $shot.Width
            $png.Height | Should -Be $shot.Height
            $shot.Width | Should -BeGreaterThan 300
            $png.Colours | Should -BeGreaterThan 1 -Because 'the firmware writes text on the screen'
            (Get-OpenVnc) | Should -Be 0 -Because 'the WebSocket is closed once the picture is taken'
        }

        It 'works for an API token session as well (PVE allows tokens on vncproxy and verifies their VNC tickets)' {
            $token = Connect-TestPve $sim -ApiToken
            $shot = Save-PveVmScreenshot -VmId 100 (Join-Path $TestDrive 'token.png') -Session $token
            (Test-Png $shot.Path).Width | Should -Be $shot.Width
            Disconnect-Pve -Session $token -Confirm:$false
            $null = Connect-TestPve $sim
        }

        It 'writes one file per VM into a folder' {
            $shot = Get-PveVm -Name web01 | Save-PveVmScreenshot $TestDrive
            $shot.Path | Should -Be (Join-Path $TestDrive '100.png')
        }
    }

    Context 'The serial console' {
        It 'waits for the firmware''s text and answers it: SeaBIOS''s boot menu over serial0' {
            $console = Open-PveConsole -VmId 100 -Text -Serial serial0 -Confirm:$false
            $console | Should -BeOfType ([KvmPve.PveTextConsole])
            Invoke-TestQmp $qemu system_reset
            Wait-PveConsoleText -VmId 100 -Serial serial0 'Press ESC for boot menu*' -TimeoutSec 30 | Should -BeLike 'Press ESC for boot menu*'
            Send-PveConsoleText -VmId 100 -Serial serial0 ([string][char]27) -Confirm:$false
            Wait-PveConsoleText -VmId 100 -Serial serial0 'Select boot device*' -TimeoutSec 20 | Should -BeLike 'Select boot device*'
            Close-PveConsole $console -Confirm:$false
            $console.IsOpen | Should -BeFalse
        }

        It 'presses a key through QEMU''s own monitor (sendkey): Escape opens the boot menu' {
            $null = Open-PveConsole -VmId 100 -Text -Serial serial0 -Confirm:$false
            Invoke-TestQmp $qemu system_reset
            $null = Wait-PveConsoleText -VmId 100 -Serial serial0 'Press ESC for boot menu*' -TimeoutSec 30
            Send-PveVmKey -VmId 100 esc -Confirm:$false
            Wait-PveConsoleText -VmId 100 -Serial serial0 'Select boot device*' -TimeoutSec 20 | Should -BeLike 'Select boot device*'
            Close-PveConsole -Confirm:$false
        }

        It 'types on the VM''s keyboard through VNC key events: Escape opens the boot menu' {
            $null = Open-PveConsole -VmId 100 -Text -Serial serial0 -Confirm:$false
            Invoke-TestQmp $qemu system_reset
            $null = Wait-PveConsoleText -VmId 100 -Serial serial0 'Press ESC for boot menu*' -TimeoutSec 30
            Send-PveVmText -VmId 100 ([string][char]27) -Confirm:$false
            Wait-PveConsoleText -VmId 100 -Serial serial0 'Select boot device*' -TimeoutSec 20 | Should -BeLike 'Select boot device*'
            Close-PveConsole -Confirm:$false
        }

        It 'reports what QEMU''s monitor refuses, in its words' {
            # QEMU 7.2 (Debian 12) has no F13; QEMU 8 added it (qapi/ui.json), so the module lets it through.
            $e = { Send-PveVmKey -VmId 100 f13 -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
            $e.Exception.Message | Should -BeLike '*f13*'
        }
    }

    Context 'Open-PveConsole -Vnc' {
        It 'sends nothing with -WhatIf' {
            $before = Get-ProxyCount
            Open-PveConsole -VmId 100 -Vnc -WhatIf | Should -BeNullOrEmpty
            Get-ProxyCount | Should -Be $before
        }

        It 'lets a third-party viewer (vncsnapshot) take a picture through the bridge' {
            $bridge = Open-PveConsole -VmId 100 -Vnc -Confirm:$false
            $bridge | Should -BeOfType ([KvmPve.PveConsoleBridge])
            $bridge.Address | Should -Be '127.0.0.1'
            $bridge.Password | Should -BeOfType ([securestring])
            $passwd = New-VncPasswdFile $bridge.Password (Join-Path $TestDrive 'passwd')
            $jpeg = Join-Path $TestDrive 'snap.jpg'
            $out = & vncsnapshot -passwd $passwd "127.0.0.1::$($bridge.Port)" $jpeg 2>&1 | Out-String
            $LASTEXITCODE | Should -Be 0 -Because $out
            $out | Should -Match 'Image saved from .* (\d+)x(\d+) screen'
            [IO.File]::ReadAllBytes($jpeg)[0..1] | Should -Be @(0xFF, 0xD8)
            $bridge.Viewers | Should -Be 1
            Close-PveConsole $bridge -Confirm:$false
        }

        It 'refuses a viewer with a wrong password without opening a console on PVE' {
            $bridge = Open-PveConsole -VmId 100 -Vnc -Confirm:$false
            $before = Get-ProxyCount
            $wrong = New-VncPasswdFile (ConvertTo-SecureString 'wrong!!!' -AsPlainText -Force) (Join-Path $TestDrive 'wrong')
            $out = & vncsnapshot -passwd $wrong "127.0.0.1::$($bridge.Port)" (Join-Path $TestDrive 'no.jpg') 2>&1 | Out-String
            $LASTEXITCODE | Should -Not -Be 0
            Get-ProxyCount | Should -Be $before
            Test-Path (Join-Path $TestDrive 'no.jpg') | Should -BeFalse
            Close-PveConsole $bridge -Confirm:$false
        }

        It 'Close-PveConsole ends the bridge and the WebSocket of a connected viewer' {
            $bridge = Open-PveConsole -VmId 100 -Vnc -Confirm:$false
            $viewer = Connect-VncViewer $bridge.Port $bridge.Password
            $deadline = [DateTime]::UtcNow.AddSeconds(10)
            while ((Get-OpenVnc) -lt 1 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            Get-OpenVnc | Should -Be 1
            $bridge.Connected | Should -Be 1
            Close-PveConsole $bridge -Confirm:$false
            $bridge.IsOpen | Should -BeFalse
            $deadline = [DateTime]::UtcNow.AddSeconds(10)
            while ((Get-OpenVnc) -gt 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            Get-OpenVnc | Should -Be 0
            $viewer.GetStream().ReadTimeout = 5000
            $viewer.GetStream().Read([byte[]]::new(4096), 0, 4096) | Should -Be 0 -Because 'the bridge closed the viewer''s connection'
            { [System.Net.Sockets.TcpClient]::new('127.0.0.1', $bridge.Port) } | Should -Throw
            $viewer.Dispose()
        }

        It 'closes its bridges when the session ends' {
            $session = Connect-TestPve $sim
            $bridge = Open-PveConsole -VmId 100 -Vnc -Session $session -Confirm:$false
            $session.Consoles.Count | Should -Be 1
            Disconnect-Pve -Session $session -Confirm:$false
            $bridge.IsOpen | Should -BeFalse
        }
    }
}
