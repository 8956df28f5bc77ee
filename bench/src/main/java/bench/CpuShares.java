package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the machine's CPU went between two readings: the node, this load tool, and the rest (PostgreSQL, the
 * kernel's work for other processes), from /proc (clock ticks of 10 ms), as shares of all the machine's cores.
 */
final class CpuShares {
    private final long nodePid;
    private final long[] start;

    private CpuShares(long nodePid, long[] start) {
        this.nodePid = nodePid;
        this.start = start;
    }

    static CpuShares from(long nodePid) throws IOException {
        return new CpuShares(nodePid, read(nodePid));
    }

    /** "node 61 %, load tool 14 %, rest 19 %, idle 6 % of 2 cores". */
    String since() throws IOException {
        long[] now = read(nodePid);
        double total = now[0] - start[0];
        double busy = now[1] - start[1];
        double node = now[2] - start[2];
        double tool = now[3] - start[3];
        return String.format(Locale.ROOT, "machine CPU: node %.0f %%, load tool %.0f %%, rest (PostgreSQL...) %.0f %%, idle %.0f %%"
                + " of %d cores", 100 * node / total, 100 * tool / total, 100 * (busy - node - tool) / total,
            100 * (total - busy) / total, Runtime.getRuntime().availableProcessors());
    }

    /** {all ticks, busy ticks, node ticks, this process's ticks}. */
    private static long[] read(long nodePid) throws IOException {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long all = 0;
        for (int i = 1; i < cpu.length; i++) {
            all += Long.parseLong(cpu[i]);
        }
        long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
        return new long[] {all, all - idle, processTicks(nodePid), processTicks(ProcessHandle.current().pid())};
    }

    private static long processTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
