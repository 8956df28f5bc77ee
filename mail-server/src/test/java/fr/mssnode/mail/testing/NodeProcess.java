package fr.mssnode.mail.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The node as a separate JVM, started the way an operator starts it, so that it can be killed with SIGKILL. */
public final class NodeProcess {
    private final Process process;
    private final Path log;

    private NodeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Runs {@code java -cp <this classpath> fr.mssnode.mail.NodeApplication args...} and returns when it exits. */
    public static Result run(Path log, List<String> args) throws IOException, InterruptedException {
        Process process = builder(log, args).start();
        if (!process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Command did not finish: " + args);
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    public record Result(int exitCode, String output) {
    }

    /** Starts {@code serve} and waits until the node announces it is ready. */
    public static NodeProcess serve(Path log, List<String> settings) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("serve"));
        args.addAll(settings);
        NodeProcess node = new NodeProcess(builder(log, args).start(), log);
        node.awaitOutput("health messaging node ready", Duration.ofSeconds(120));
        return node;
    }

    private static ProcessBuilder builder(Path log, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("fr.mssnode.mail.NodeApplication");
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    }

    private void awaitOutput(String marker, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (output.contains(marker)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("The node exited with " + process.exitValue() + ":\n" + tail(output));
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("The node was not ready within " + timeout + ":\n" + tail(Files.readString(log)));
    }

    /** SIGKILL: no shutdown hook, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: Spring closes the context, James stops cleanly. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("The node did not stop within 60 s");
        }
    }

    public long pid() {
        return process.pid();
    }

    private static String tail(String output) {
        return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
    }
}
