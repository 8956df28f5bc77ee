package fr.mssnode.mail;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

/**
 * The node gives memory back after a load. The JVM's own defaults keep a grown heap forever (G1 shrinks it only
 * after a full collection, and only when more than 70 % of it is free): after a burst of mail the node would hold
 * its peak. Unless the operator set them on the command line, the node sets G1's manageable flags at start: a
 * periodic collection when it has been quiet for 5 s, and a heap shrunk to at most 30 % free space after it.
 * Nothing is set when the JVM does not have these flags (another collector) or they were chosen explicitly.
 */
final class MemoryDefaults {
    private static final Logger LOGGER = LoggerFactory.getLogger(MemoryDefaults.class);
    /** In this order: MinHeapFreeRatio may never exceed MaxHeapFreeRatio. */
    private static final List<Map.Entry<String, String>> DEFAULTS = List.of(
        Map.entry("MinHeapFreeRatio", "10"), Map.entry("MaxHeapFreeRatio", "30"), Map.entry("G1PeriodicGCInterval", "5000"));

    private MemoryDefaults() {
    }

    static void apply() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotspot == null || !ManagementFactory.getGarbageCollectorMXBeans().stream()
            .anyMatch(gc -> gc.getName().startsWith("G1"))) {
            return;
        }
        DEFAULTS.forEach(setting -> {
            String name = setting.getKey();
            String value = setting.getValue();
            try {
                VMOption option = hotspot.getVMOption(name);
                if (option.getOrigin() == VMOption.Origin.DEFAULT && option.isWriteable()) {
                    hotspot.setVMOption(name, value);
                }
            } catch (IllegalArgumentException | SecurityException e) {
                LOGGER.debug("JVM option {} left as it is: {}", name, e.getMessage());
            }
        });
    }
}
