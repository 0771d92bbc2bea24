; Inno Setup 6 script for deskplan: a per-user install (no administrator rights needed) with a
; Start-menu entry and an uninstaller. packaging/build.py runs it after the smoke run:
;   iscc /DAppVersion=0.1.0 /DSourceDir=dist\deskplan /DIconFile=build\icons\deskplan.ico
;        /DOutputDir=dist\installers packaging\windows\deskplan.iss

#ifndef AppVersion
  #error Pass /DAppVersion=X.Y.Z (build.py does)
#endif
#ifndef SourceDir
  #error Pass /DSourceDir=path\to\dist\deskplan (build.py does)
#endif
#ifndef IconFile
  #error Pass /DIconFile=path\to\deskplan.ico (build.py does)
#endif
#ifndef OutputDir
  #define OutputDir "."
#endif

[Setup]
; The AppId ties upgrades and the uninstaller together: never change it.
AppId={{6B3C1E52-7A0D-4C35-9E4B-2F1D8A6C0B71}
AppName=deskplan
AppVersion={#AppVersion}
AppVerName=deskplan {#AppVersion}
AppPublisher=deskplan
; Per user: installs to %LOCALAPPDATA%\Programs\deskplan, no UAC prompt. Users who can elevate
; may still choose "install for all users" in the dialog.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\deskplan
DefaultGroupName=deskplan
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\deskplanw.exe
UninstallDisplayName=deskplan {#AppVersion}
OutputDir={#OutputDir}
OutputBaseFilename=deskplan-{#AppVersion}-windows-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole PyInstaller folder. The user's data lives in their profile, never in here, so an
; upgrade or uninstall leaves it alone.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundled libraries wholesale, so files a newer build dropped do not linger.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\deskplan"; Filename: "{app}\deskplanw.exe"; Comment: "Plan office days under a hybrid-working policy"
Name: "{autodesktop}\deskplan"; Filename: "{app}\deskplanw.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\deskplanw.exe"; Description: "{cm:LaunchProgram,deskplan}"; Flags: nowait postinstall skipifsilent
