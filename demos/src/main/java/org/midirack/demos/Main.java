package org.midirack.demos;

import java.io.PrintWriter;
import java.util.Arrays;

import org.midirack.demos.cli.CliError;
import org.midirack.demos.cli.ServeCommand;
import org.midirack.demos.cli.ConvertCommand;
import org.midirack.demos.cli.DemoCommand;
import org.midirack.demos.cli.DevicesCommand;
import org.midirack.demos.cli.HostCommand;
import org.midirack.demos.cli.LiveCommand;
import org.midirack.demos.cli.PlayCommand;
import org.midirack.demos.cli.RenderCommand;
import org.midirack.demos.gui.GuiCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code midirack} command line. Exit codes: 0 done, 1 bad input (missing or corrupt file,
 * script error, unreadable soundbank, no audio output where one is needed), 2 usage error. Errors
 * are one line on stderr; {@code --debug} adds the stack trace.
 */
@Command(name = "midirack", mixinStandardHelpOptions = true, version = "midirack 0.1.0",
        description = "MIDI-driven instrument and effect nodes rendered through Gervill.",
        subcommands = {DemoCommand.class, PlayCommand.class, RenderCommand.class, ConvertCommand.class,
                DevicesCommand.class, LiveCommand.class, HostCommand.class, GuiCommand.class, ServeCommand.class,
                org.midirack.demos.cli.RenderServer.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces with errors.")
    boolean debug;

    /** @thread main */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required (try: midirack demo)");
    }

    /**
     * Runs the command line and returns its exit code.
     * @thread main
     */
    public static int execute(String... args) {
        return execute(null, args);
    }

    /**
     * Runs the command line for a client of the render server: relative paths in {@code args} name files in
     * {@code cwd} (the client's folder), not in this process's.
     * @thread a request thread of the render server
     */
    public static int execute(java.nio.file.Path cwd, String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        if (debug) {
            System.setProperty("midirack.jack.probe", "off"); // libjack is asked, so its own lines show
        }
        CommandLine cl = new CommandLine(new Main());
        if (cwd != null) {
            cl.registerConverter(java.nio.file.Path.class,
                    s -> org.midirack.demos.cli.RenderServer.resolveForClient(cwd, s));
        }
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter err = c.getErr();
            if (debug) {
                ex.printStackTrace(err);
            }
            String unknown = unknownCommand(ex);
            if (unknown != null) {
                err.println(unknown);
                err.flush();
                return 2;
            }
            err.println(c.getCommandSpec().qualifiedName() + ": " + ex.getMessage() + " (see '"
                    + c.getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter err = c.getErr();
            if (ex instanceof CommandLine.ParameterException pe) {
                return c.getParameterExceptionHandler().handleParseException(pe, args);
            }
            if (debug) {
                ex.printStackTrace(err);
            }
            if (ex instanceof CliError && ex.getCause() instanceof org.midirack.demos.melody.MelodyParseException) {
                err.println(ex.getMessage()); // FILE:LINE:COLUMN: reason, as compilers print it
            } else if (ex instanceof CliError) {
                err.println(c.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
            } else {
                err.println(c.getCommandSpec().qualifiedName() + ": internal error: " + ex
                        + (debug ? "" : " (run with --debug for the stack trace)"));
            }
            err.flush();
            return 1;
        });
        return cl.execute(args);
    }

    /**
     * The one line for a first word that is no command ({@code midirack plya}), naming it, the nearest
     * command when one is close, and the commands; null for any other usage error.
     */
    private static String unknownCommand(CommandLine.ParameterException ex) {
        CommandLine c = ex.getCommandLine();
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || c.getParent() != null
                || u.getUnmatched().isEmpty() || u.getUnmatched().get(0).startsWith("-")) {
            return null;
        }
        String word = u.getUnmatched().get(0);
        java.util.List<String> names = new java.util.ArrayList<>(c.getSubcommands().keySet());
        names.remove("help");
        names.removeIf(n -> c.getSubcommands().get(n).getCommandSpec().usageMessage().hidden());
        String best = org.midirack.demos.cli.Suggest.nearest(word, names);
        return "midirack: unknown command '" + word + "'" + (best != null ? " (did you mean '" + best + "'?)" : "")
                + "; commands: " + String.join(", ", names) + " (see 'midirack --help')";
    }

    /**
     * Entry point of the jar.
     * @thread main
     */
    public static void main(String[] args) {
        int code = execute(args);
        System.out.flush();
        System.exit(code);
    }
}
