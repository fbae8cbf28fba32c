// A scripted Ableton Link peer for midirack's interop tests, built by the test from Debian's
// ableton-link-dev headers (Ableton's own library). Commands on stdin, one per line:
//   obs Q          print "obs <CLOCK_MONOTONIC us> <beat> <phase> <bpm> <peers> <playing>" for quantum Q,
//                  beat and phase taken at the Link host time of that same instant
//   tempo BPM      set the session tempo now
//   play | stop    start or stop (start/stop sync is on)
//   enable 0|1     leave or join
//   quit           exit (saying bye-bye)
// Link's host time on Linux is CLOCK_MONOTONIC_RAW; the observation is reported on
// CLOCK_MONOTONIC (Java's System.nanoTime), read right before, so both sides compare one clock.
#include <ableton/Link.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <sstream>
#include <string>

static long long monoMicros() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

int main() {
    ableton::Link link(120.0);
    link.enableStartStopSync(true);
    link.enable(true);
    std::cout << "ready" << std::endl;
    std::string line;
    while (std::getline(std::cin, line)) {
        std::istringstream in(line);
        std::string cmd;
        in >> cmd;
        if (cmd == "obs") {
            double q = 4;
            in >> q;
            long long mono = monoMicros();
            auto host = link.clock().micros();
            auto state = link.captureAppSessionState();
            std::printf("obs %lld %.6f %.6f %.6f %zu %d\n", mono, state.beatAtTime(host, q),
                        state.phaseAtTime(host, q), state.tempo(), link.numPeers(), state.isPlaying() ? 1 : 0);
            std::fflush(stdout);
        } else if (cmd == "tempo") {
            double bpm = 120;
            in >> bpm;
            auto state = link.captureAppSessionState();
            state.setTempo(bpm, link.clock().micros());
            link.commitAppSessionState(state);
            std::cout << "ok" << std::endl;
        } else if (cmd == "play" || cmd == "stop") {
            auto state = link.captureAppSessionState();
            state.setIsPlaying(cmd == "play", link.clock().micros());
            link.commitAppSessionState(state);
            std::cout << "ok" << std::endl;
        } else if (cmd == "enable") {
            int on = 1;
            in >> on;
            link.enable(on != 0);
            std::cout << "ok" << std::endl;
        } else if (cmd == "quit") {
            break;
        } else {
            std::cout << "error unknown command " << cmd << std::endl;
        }
    }
    link.enable(false);
    return 0;
}
