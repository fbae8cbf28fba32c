#!/usr/bin/env bash
# Renders a corpus of Standard MIDI Files with midirack and with fluidsynth, in one run, and prints
# per-file and total wall times, their ratios and peak resident memory as a markdown table
# (docs/BENCHMARKS.md, "Rendering speed against fluidsynth").
#
#   benchmarks/corpus-vs-fluidsynth.sh            # the 31 files of Debian's openttd-openmsx, FluidR3_GM
#
# Environment: CORPUS (folder of .mid files, default Debian's openttd-openmsx), SOUNDFONT (default
# FluidR3_GM), JOBS (parallel jobs for the batch rows, default: the number of cores), WORK (folder for
# the WAV files, default a fresh temporary folder, removed at the end unless KEEP=1),
# RATE (48000), THREADS (Gervill engines per file for the one-file-per-process rows, render --threads;
# default 1; the batch row keeps one engine per file).
#
# Each file is rendered three ways, one after the other: midirack in a JVM of its own
# (MIDIRACK_RENDER_SERVER=off, as before the render server), midirack through the launcher's render
# server (the default; a server of this run's own, started by the first of these renders and stopped at
# the end; its peak resident memory is read from /proc), and fluidsynth. The batch row runs in a JVM of its
# own.
#
# It installs nothing: when something is missing it says what and how to get it, and exits 1.
# It uses the built jar (demos/target/midirack.jar) through the ./midirack launcher, so the JVM options
# are the ones a user gets; build it first: mvn -q -pl demos -am package -DskipTests
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CORPUS="${CORPUS:-/usr/share/games/openttd/baseset/openmsx}"
SOUNDFONT="${SOUNDFONT:-/usr/share/sounds/sf2/FluidR3_GM.sf2}"
JOBS="${JOBS:-$(nproc)}"
RATE="${RATE:-48000}"
THREADS="${THREADS:-1}"

missing=()
command -v java >/dev/null 2>&1 || missing+=("java (JDK 17+): apt-get install openjdk-17-jdk-headless")
command -v fluidsynth >/dev/null 2>&1 || missing+=("fluidsynth: apt-get install fluidsynth")
[ -x /usr/bin/time ] || missing+=("/usr/bin/time (GNU time, for peak memory): apt-get install time")
command -v xargs >/dev/null 2>&1 || missing+=("xargs: apt-get install findutils")
[ -r "$SOUNDFONT" ] || missing+=("the SoundFont $SOUNDFONT: apt-get install fluid-soundfont-gm (or set SOUNDFONT)")
if ! ls "$CORPUS"/*.mid >/dev/null 2>&1; then
    missing+=("MIDI files in $CORPUS: apt-get install openttd-openmsx (or set CORPUS to a folder of .mid files)")
fi
[ -f "$root/demos/target/midirack.jar" ] || missing+=("the midirack jar: (cd $root && mvn -q -pl demos -am package -DskipTests)")
if [ ${#missing[@]} -gt 0 ]; then
    echo "corpus-vs-fluidsynth: missing, nothing was run:" >&2
    for m in "${missing[@]}"; do echo "  - $m" >&2; done
    echo "(run 'apt-get update' once before 'apt-get install')" >&2
    exit 1
fi

remove_work=0
if [ -n "${WORK:-}" ]; then
    mkdir -p "$WORK"
else
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/corpus-vs-fluidsynth.XXXXXX")"
    [ "${KEEP:-}" = "1" ] || remove_work=1
fi
mkdir -p "$WORK/midirack" "$WORK/served" "$WORK/fluidsynth" "$WORK/batch" "$WORK/xargs"
export MIDIRACK_NO_BUILD=1 MIDIRACK_AUDIO=none
midirack=("$root/midirack")
# the render server of this run: its socket in a folder of the run's own, stopped at the end
mkdir -p -m 700 "$WORK/run"
export XDG_RUNTIME_DIR="$WORK/run"
unset MIDIRACK_RENDER_SERVER_IDLE
stop_server() {
    find "$WORK/run" -name '*.sock' -delete 2>/dev/null || true
}
trap 'stop_server; if [ "$remove_work" = 1 ]; then rm -rf "$WORK"; fi' EXIT

load() { cut -d' ' -f1-3 /proc/loadavg; }
# timed OUTFILE CMD...: runs CMD with GNU time writing "wall_seconds peak_kb" to OUTFILE; fails loudly
timed() {
    local o="$1"; shift
    if ! /usr/bin/time -f '%e %M' -o "$o" "$@" >"$o.log" 2>&1; then
        echo "corpus-vs-fluidsynth: failed: $* (log: $o.log)" >&2
        cat "$o.log" >&2
        exit 1
    fi
}

files=("$CORPUS"/*.mid)
start_load="$(load)"
echo "corpus-vs-fluidsynth: ${#files[@]} files from $CORPUS, $(basename "$SOUNDFONT"), $RATE Hz, $(nproc) cores, --threads $THREADS per file, load $start_load" >&2

rows=()
tm=0; ts=0; tf=0; pm=0; pf=0; i=0
for f in "${files[@]}"; do
    i=$((i + 1))
    name="$(basename "$f" .mid)"
    echo "  [$i/${#files[@]}] $name" >&2
    MIDIRACK_RENDER_SERVER=off timed "$WORK/m.$name" "${midirack[@]}" render "$f" --out "$WORK/midirack/$name.wav" --soundbank "$SOUNDFONT" --sample-rate "$RATE" --threads "$THREADS"
    MIDIRACK_RENDER_SERVER=on timed "$WORK/s.$name" "${midirack[@]}" render "$f" --out "$WORK/served/$name.wav" --soundbank "$SOUNDFONT" --sample-rate "$RATE" --threads "$THREADS"
    timed "$WORK/f.$name" fluidsynth -ni -F "$WORK/fluidsynth/$name.wav" -r "$RATE" "$SOUNDFONT" "$f"
    if ! cmp -s "$WORK/midirack/$name.wav" "$WORK/served/$name.wav"; then
        echo "corpus-vs-fluidsynth: $name: the served render differs from the render in a JVM of its own" >&2
        exit 1
    fi
    read -r ms mk < <(tail -n1 "$WORK/m.$name")
    read -r ss sk < <(tail -n1 "$WORK/s.$name")
    read -r fs fk < <(tail -n1 "$WORK/f.$name")
    ratio="$(awk -v f="$fs" -v m="$ms" 'BEGIN { printf "%.2f", (m > 0 ? f / m : 0) }')"
    sratio="$(awk -v f="$fs" -v m="$ss" 'BEGIN { printf "%.2f", (m > 0 ? f / m : 0) }')"
    rows+=("| $name | $ms | $((mk / 1024)) | $ss | $fs | $((fk / 1024)) | $ratio | $sratio |")
    tm="$(awk -v a="$tm" -v b="$ms" 'BEGIN { print a + b }')"
    ts="$(awk -v a="$ts" -v b="$ss" 'BEGIN { print a + b }')"
    tf="$(awk -v a="$tf" -v b="$fs" 'BEGIN { print a + b }')"
    [ "$mk" -gt "$pm" ] && pm="$mk"
    [ "$fk" -gt "$pf" ] && pf="$fk"
done
mid_load="$(load)"
server_kb=0
for pid in $(pgrep -f "render-server --socket $WORK/run" || true); do
    k="$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)"
    [ "${k:-0}" -gt "$server_kb" ] && server_kb="$k"
done
stop_server

echo "  batch: one midirack render over the folder, --jobs $JOBS" >&2
MIDIRACK_RENDER_SERVER=off timed "$WORK/batch.t" "${midirack[@]}" render "$CORPUS" --out-dir "$WORK/batch" --soundbank "$SOUNDFONT" --sample-rate "$RATE" --jobs "$JOBS"
read -r bs bk < <(tail -n1 "$WORK/batch.t")
echo "  xargs -P $JOBS fluidsynth" >&2
cat >"$WORK/fluidsynth-one.sh" <<ONE
#!/bin/sh
exec fluidsynth -ni -F "$WORK/xargs/\$(basename "\$1" .mid).wav" -r "$RATE" "$SOUNDFONT" "\$1" >/dev/null
ONE
chmod +x "$WORK/fluidsynth-one.sh"
timed "$WORK/xargs.t" sh -c 'ls "$1"/*.mid | xargs -P "$2" -n 1 "$3"' sh "$CORPUS" "$JOBS" "$WORK/fluidsynth-one.sh"
read -r xs xk < <(tail -n1 "$WORK/xargs.t")
end_load="$(load)"

ratio() { awk -v f="$1" -v m="$2" 'BEGIN { printf "%.2f", (m > 0 ? f / m : 0) }'; }
echo
echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -n1), $(fluidsynth --version 2>/dev/null | head -n1)."
echo "Load average (1, 5, 15 min): $start_load at the start, $mid_load after the file-by-file runs, $end_load at the end."
echo "Corpus: ${#files[@]} files in $CORPUS; SoundFont $(basename "$SOUNDFONT"); $RATE Hz; wall seconds and peak resident MB from /usr/bin/time."
echo
echo "midirack renders one file per process with --threads $THREADS: in a JVM of its own (MIDIRACK_RENDER_SERVER=off), then"
echo "through the launcher's render server (the default: the launcher's client, 38 MB, relays to the server, whose"
echo "peak resident memory over the whole run was $((server_kb / 1024)) MB; the first file's render started it). Every served"
echo "file was checked byte for byte (cmp) against the same file rendered in a JVM of its own."
echo
echo "| file | midirack own JVM s | midirack own JVM MB | midirack served s | fluidsynth s | fluidsynth MB | fluidsynth ÷ own JVM | fluidsynth ÷ served |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo "| **total, one process per file** | **$tm** | **$((pm / 1024)) (peak)** | **$ts** | **$tf** | **$((pf / 1024)) (peak)** | **$(ratio "$tf" "$tm")** | **$(ratio "$tf" "$ts")** |"
echo
echo "| all files, all cores | wall s | peak MB | fluidsynth ÷ this |"
echo "|---|---|---|---|"
echo "| midirack render CORPUS --out-dir DIR --jobs $JOBS (one process) | $bs | $((bk / 1024)) | $(ratio "$xs" "$bs") against xargs, $(ratio "$tf" "$bs") against one after another |"
echo "| ls *.mid \\| xargs -P $JOBS fluidsynth (one process per file) | $xs | $((xk / 1024)) (largest process) | 1 |"
echo "| fluidsynth one file after another (the sum above) | $tf | $((pf / 1024)) | $(ratio "$tf" "$tf") |"
