package bench;

/** One user's pace: a request every {@code intervalMillis} (0: at once, a closed loop), late requests not made up. */
final class Pacer {
    private final long intervalNanos;
    private long next = System.nanoTime();

    Pacer(long intervalMillis) {
        this.intervalNanos = intervalMillis * 1_000_000;
    }

    /** Waits for this user's next turn. */
    void await() throws InterruptedException {
        if (intervalNanos <= 0) {
            return;
        }
        long wait = next - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        next += intervalNanos;
    }
}
