package fr.mssnode.mail.operations;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import com.zaxxer.hikari.HikariDataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

import fr.mssnode.mail.PeriodicTask;

/**
 * After a load, once mail has stopped for a few seconds, the node hands back what the load took: G1 keeps a grown
 * heap full of garbage until a full collection, embedded Derby keeps on each pooled connection a log buffer as large
 * as the largest document it wrote (about 20 MB a connection after a day of CDA letters), and glibc keeps the native
 * memory freed meanwhile. So, once per load (at least {@value #LOAD} messages) and only when quiet: the pool's
 * connections are replaced (Derby), two full collections run with a heap allowed at most 10 % free, then glibc is
 * asked to trim (JDK 17.0.15 and later). The pauses (a few hundred milliseconds) fall when no mail is moving.
 * Measured: 1191 MB of RSS 30 s after a 3,000-message load without it.
 */
public final class MemoryGiveBack extends PeriodicTask {
    private static final Logger LOGGER = LoggerFactory.getLogger(MemoryGiveBack.class);
    static final long LOAD = 100;
    private static final Duration QUIET = Duration.ofSeconds(4);
    private static final List<String> TRAFFIC = List.of("mss.mail.accepted", "mss.mail.delivered");

    private final HikariDataSource pool;
    private final boolean embeddedDerby;
    private double lastTraffic = -1;
    private long lastChange = System.nanoTime();
    private double trafficAtLastRelease;

    public MemoryGiveBack(HikariDataSource pool, boolean embeddedDerby) {
        super("memory-give-back", Duration.ofSeconds(1), Duration.ofSeconds(1));
        this.pool = pool;
        this.embeddedDerby = embeddedDerby;
    }

    @Override
    protected void runOnce() {
        double traffic = TRAFFIC.stream().flatMap(name -> Metrics.globalRegistry.find(name).counters().stream())
            .mapToDouble(Counter::count).sum();
        long now = System.nanoTime();
        if (lastTraffic < 0) {
            // The meters are the process's: what was counted before this node started is not its load.
            trafficAtLastRelease = traffic;
        }
        if (traffic != lastTraffic) {
            lastTraffic = traffic;
            lastChange = now;
            return;
        }
        if (traffic - trafficAtLastRelease >= LOAD && now - lastChange >= QUIET.toNanos()) {
            trafficAtLastRelease = traffic;
            try {
                release();
            } catch (RuntimeException e) {
                LOGGER.warn("Could not give memory back after the load: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void release() throws InterruptedException {
        long started = System.nanoTime();
        if (embeddedDerby && pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        Map<String, String> before = ratios(hotspot);
        boolean ours = before != null;
        if (ours) {
            hotspot.setVMOption("MinHeapFreeRatio", "0");
            hotspot.setVMOption("MaxHeapFreeRatio", "10");
        }
        try {
            System.gc();
            // Derby's closed connections are finalized after the first collection; the second frees their buffers.
            Thread.sleep(1_500);
            System.gc();
        } finally {
            if (ours) {
                hotspot.setVMOption("MaxHeapFreeRatio", before.get("MaxHeapFreeRatio"));
                hotspot.setVMOption("MinHeapFreeRatio", before.get("MinHeapFreeRatio"));
            }
        }
        trimNativeHeap();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        LOGGER.info("Gave memory back after a load in {} ms: heap {} MB used of {} MB", (System.nanoTime() - started) / 1_000_000,
            heap.getUsed() >> 20, heap.getCommitted() >> 20);
    }

    /** The heap ratios when the node (not the operator) chose them, or null. */
    private static Map<String, String> ratios(HotSpotDiagnosticMXBean hotspot) {
        if (hotspot == null) {
            return null;
        }
        try {
            VMOption min = hotspot.getVMOption("MinHeapFreeRatio");
            VMOption max = hotspot.getVMOption("MaxHeapFreeRatio");
            boolean nodeChosen = List.of(min, max).stream().allMatch(option -> option.isWriteable()
                && (option.getOrigin() == VMOption.Origin.DEFAULT || option.getOrigin() == VMOption.Origin.MANAGEMENT));
            return nodeChosen ? Map.of("MinHeapFreeRatio", min.getValue(), "MaxHeapFreeRatio", max.getValue()) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** glibc keeps freed native memory for later; this JDK can ask it to give it back (System.trim_native_heap). */
    private static void trimNativeHeap() {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "systemTrimNativeHeap", new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (Exception notAvailable) {
            LOGGER.debug("The native heap cannot be trimmed here: {}", notAvailable.toString());
        }
    }
}
