@echo off
rem midirack launcher for Windows: builds on first use or when sources changed, then runs the jar.
setlocal EnableDelayedExpansion
set "ROOT=%~dp0"
set "JAR=%ROOT%demos\target\midirack.jar"
set "BUILD=0"
if not exist "%JAR%" set "BUILD=1"
if "%BUILD%"=="0" (
  for /f "usebackq delims=" %%N in (`powershell -NoProfile -Command "$j=(Get-Item '%JAR%').LastWriteTime; $n=Get-ChildItem -Path '%ROOT%' -Recurse -File -Include *.java,*.xml,*.mel,*.properties,*NodeFactory,*MidiDeviceProvider | Where-Object { $_.FullName -notmatch '\\target\\' -and $_.LastWriteTime -gt $j } | Select-Object -First 1; if ($n) { '1' } else { '0' }"`) do set "BUILD=%%N"
)
if "%MIDIRACK_NO_BUILD%"=="1" set "BUILD=0"
if "%BUILD%"=="1" (
  echo midirack: building ^(first use or sources changed^)... 1>&2
  pushd "%ROOT%"
  call mvn -q -B -DskipTests -pl demos -am install
  if errorlevel 1 (
    popd
    echo midirack: the build failed 1>&2
    exit /b 1
  )
  popd
  powershell -NoProfile -Command "(Get-Item '%JAR%').LastWriteTime = Get-Date" >nul
)
rem a low-pause collector for real-time audio: ZGC where the JDK has it (MIDIRACK_GC=default: the JVM's choice)
set "GC="
if not "%MIDIRACK_GC%"=="default" (
  java -XX:+UseZGC -version >nul 2>&1
  if not errorlevel 1 set "GC=-XX:+UseZGC"
  rem an offline render has no deadline: the throughput collector, a small young generation
  if "%~1"=="render" set "GC=-XX:+UseParallelGC -Xmn64m"
)
set "GC=%GC% -XX:+UnlockDiagnosticVMOptions -XX:GuaranteedSafepointInterval=0"
java %GC% %MIDIRACK_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
