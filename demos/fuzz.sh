#!/usr/bin/env bash
# Coverage-guided fuzzing of the input readers with Jazzer (docs/FUZZING.md).
#   demos/fuzz.sh TARGET [RUNS] [extra libFuzzer/Jazzer arguments...]
# TARGET: smf | melody | session (or a fuzz test's class name); RUNS: executions (default 10000000).
# Starts from the seed corpus in demos/src/test/resources/.../<Class>Inputs/<method>/ (read only),
# keeps the corpus it grows in demos/target/fuzz/TARGET/corpus, writes a crashing or hanging
# input to demos/target/fuzz/TARGET/ (crash-*, timeout-*, oom-*) and exits non-zero on one.
# An input that runs longer than 1 s is a finding (-timeout=1).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: demos/fuzz.sh smf|melody|session [RUNS] [args...]}
runs=${2:-10000000}
shift $(( $# >= 2 ? 2 : 1 ))
case $target in
  smf) class=SmfReaderFuzzTest method=everyMidiInputLoadsOrFailsWithOneCleanLine ;;
  melody) class=MelodyParserFuzzTest method=everyScriptLoadsOrFailsWithOneCleanLine ;;
  session) class=SessionReaderFuzzTest method=everySessionLoadsOrFailsWithOneCleanLine ;;
  *) echo "fuzz.sh: unknown target '$target' (smf, melody, session)" >&2; exit 2 ;;
esac
pkg=org/midirack/demos/cli
seeds=demos/src/test/resources/$pkg/${class}Inputs/$method
out=demos/target/fuzz/$target
mkdir -p "$out/corpus"
# compile everything and write the test class path (the sibling modules' target/classes, from the reactor)
mvn -o -q -B -pl demos -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/fuzz-classpath.txt >&2
cp="demos/target/test-classes:demos/target/classes:$(cat demos/target/fuzz-classpath.txt)"
dict=()
[ -f "demos/src/test/resources/$pkg/${class}.dict" ] && dict=(-dict="demos/src/test/resources/$pkg/${class}.dict")
exec java -Dmidirack.fuzz.warmup=true -Xmx1g -Xss4m -XX:+UseParallelGC --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED \
    -Djava.awt.headless=true -cp "$cp" com.code_intelligence.jazzer.Jazzer \
    --target_class="org.midirack.demos.cli.$class" --instrumentation_includes='org.midirack.**' \
    -timeout=1 -runs="$runs" -artifact_prefix="$out/" -print_final_stats=1 "${dict[@]}" "$@" \
    "$out/corpus" "$seeds"
