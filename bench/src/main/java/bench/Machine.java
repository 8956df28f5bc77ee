package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a figure was measured on, as written in bench/RESULTS.md: cores and memory. */
final class Machine {
    private Machine() {
    }

    static String describe() {
        long memoryGiB = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memoryGiB = Math.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
                }
            }
        } catch (IOException e) {
            memoryGiB = -1;
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + memoryGiB + " GiB";
    }
}
