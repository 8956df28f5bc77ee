package fr.mssnode.mail.admin;

import java.io.PrintStream;

import fr.mssnode.directory.extract.ImportProgress;

/** A one-line progress bar for long imports, redrawn in place on a terminal (plain lines otherwise, every 10%). */
final class ProgressBar implements ImportProgress {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final boolean terminal;
    private final long startedAt = System.nanoTime();
    private int lastTenth = -1;

    private ProgressBar(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    static ImportProgress on(PrintStream err) {
        return new ProgressBar(err, System.console() != null);
    }

    @Override
    public void progress(long bytesRead, long totalBytes, long lines) {
        double done = totalBytes <= 0 ? 1 : Math.min(1, bytesRead / (double) totalBytes);
        double seconds = Math.max(0.001, (System.nanoTime() - startedAt) / 1e9);
        String text = String.format("[%s%s] %3.0f%%  %,d lines  %,.0f lines/s", "#".repeat((int) (done * WIDTH)),
            " ".repeat(WIDTH - (int) (done * WIDTH)), done * 100, lines, lines / seconds);
        if (terminal) {
            err.print("\r" + text + (done >= 1 ? "\n" : ""));
            err.flush();
        } else if ((int) (done * 10) > lastTenth) {
            lastTenth = (int) (done * 10);
            err.println(text);
        }
    }
}
