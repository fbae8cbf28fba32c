package org.midirack.demos.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** {@code live}: placeholder replaced below. */
@Command(name = "host", mixinStandardHelpOptions = true, description = "Play a MIDI input through an instrument and effects.")
public final class HostCommand implements Callable<Integer> {
    /** @thread main */
    @Override
    public Integer call() {
        throw new CliError("host: not yet");
    }
}
