package bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.zaxxer.hikari.HikariDataSource;

import fr.mssnode.directory.AddressStatus;
import fr.mssnode.directory.CachingDirectory;
import fr.mssnode.directory.JdbcDirectory;
import fr.mssnode.directory.extract.DirectoryImporter;
import fr.mssnode.directory.extract.ImportOptions;
import fr.mssnode.directory.extract.ImportProgress;
import fr.mssnode.directory.extract.ImportReport;
import fr.mssnode.fixtures.directory.SyntheticExtracts;

/**
 * Imports generated extracts (professionals, then MSSanté mailboxes) into a fresh database with the node's own
 * importer, and reports wall time and the peak live heap (the largest heap occupancy left after a collection:
 * what the import really holds; the JVM runs with -Xmx512m so that going over fails the run). Then measures
 * warm address lookups through the gate's cached directory on one thread.
 */
public final class DirectoryImportBench {
    private static final String DOMAIN = "synthetique.mssante.test";
    private static final AtomicLong peakLiveBytes = new AtomicLong();

    public static void main(String[] args) throws Exception {
        String vendor = args[0];
        long activityLines = Long.parseLong(args[1]);
        long mailboxes = Long.parseLong(args[2]);
        Path work = Path.of(args[3]);
        watchLiveHeap();

        SyntheticExtracts.Plan plan = SyntheticExtracts.Plan.of(activityLines, mailboxes).domain(DOMAIN);
        Path folder = work.resolve("extracts-" + activityLines + "-" + mailboxes);
        SyntheticExtracts.Written files;
        long generating = System.nanoTime();
        files = new SyntheticExtracts(plan).write(folder);
        System.out.printf("generated %,d activity lines (%,d professionals, %d MB) and %,d mailboxes (%d MB) in %.1f s%n",
            files.activityLines(), files.professionalCount(), Files.size(files.professionals()) >> 20,
            files.mailboxLines(), Files.size(files.mailboxes()) >> 20, (System.nanoTime() - generating) / 1e9);

        try (HikariDataSource dataSource = FreshDatabase.create(vendor, work, "directory", 4)) {
            DirectoryImporter importer = new DirectoryImporter(dataSource);
            System.gc();
            peakLiveBytes.set(0);
            long start = System.nanoTime();
            ImportReport professionals = importer.importProfessionals(files.professionals(), ImportOptions.DEFAULTS,
                ImportProgress.NONE);
            long afterProfessionals = System.nanoTime();
            ImportReport mailboxReport = importer.importMailboxes(files.mailboxes(), ImportOptions.DEFAULTS,
                ImportProgress.NONE);
            long end = System.nanoTime();
            for (ImportReport report : List.of(professionals, mailboxReport)) {
                if (report.outcome() != ImportReport.Outcome.SUCCEEDED) {
                    throw new IllegalStateException(report.summary());
                }
                System.out.println(report.summary());
            }
            System.gc();
            double seconds = (end - start) / 1e9;
            String context = String.format(Locale.ROOT, "(%s, %s, %s, %,d activity lines + %,d mailboxes: professionals"
                    + " %.1f s, mailboxes %.1f s; bash bench/directory-import.sh %s %d %d)", LocalDate.now(), Machine.describe(),
                vendor.equals("postgres") ? "PostgreSQL local" : "embedded Derby", files.activityLines(), files.mailboxLines(),
                (afterProfessionals - start) / 1e9, (end - afterProfessionals) / 1e9, vendor, activityLines, mailboxes);
            System.out.printf(Locale.ROOT, "directory-import-2m-%s-s: %.1f s %s%n", vendor, seconds, context);
            System.out.printf(Locale.ROOT, "directory-import-peak-heap-mb: %d MB (peak live heap after GC, -Xmx%d MB, %s)%n",
                peakLiveBytes.get() >> 20, Runtime.getRuntime().maxMemory() >> 20, context.substring(1));

            lookups(dataSource, files, vendor);
        }
    }

    /** Warm lookups of open local mailboxes, trusted and untrusted remote addresses, on this one thread. */
    private static void lookups(HikariDataSource dataSource, SyntheticExtracts.Written files, String vendor)
        throws SQLException {
        SyntheticExtracts generator = new SyntheticExtracts(SyntheticExtracts.Plan.of(files.activityLines(), 0));
        List<String> addresses = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement account = connection.prepareStatement("INSERT INTO node_account (address, kind,"
                + " display_name, password_hash, active, created_at) VALUES (?, 'PROFESSIONAL', ?, 'x', TRUE, ?)")) {
                for (long i = 0; i < 50_000 && i < files.mailboxLines(); i++) {
                    if (i % 10 == 9) {
                        continue; // an organisation's mailbox in the generated extract
                    }
                    SyntheticExtracts.Person person = generator.person(i);
                    addresses.add(person.address(DOMAIN));
                    account.setString(1, person.address(DOMAIN));
                    account.setString(2, person.firstName() + " " + person.lastName());
                    account.setTimestamp(3, Timestamp.from(Instant.now()));
                    account.addBatch();
                }
                account.executeBatch();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO trusted_operator (domain, added_at, origin, active)"
                    + " VALUES ('chu-partenaire.test', CURRENT_TIMESTAMP, 'manual', TRUE)");
            }
            connection.commit();
        }
        int local = addresses.size();
        for (int i = 0; i < 5_000; i++) {
            addresses.add("correspondant" + i + "@chu-partenaire.test");
            addresses.add("inconnu" + i + "@ailleurs.test");
        }
        CachingDirectory directory = new CachingDirectory(new JdbcDirectory(dataSource, Set.of(DOMAIN)), dataSource);
        long open = 0;
        for (String address : addresses) {
            if (directory.check(address).status() == AddressStatus.LOCAL_ACTIVE) {
                open++;
            }
        }
        if (open < local * 0.9) {
            throw new IllegalStateException("only " + open + " local mailboxes are open: the lookup test is wrong");
        }
        long done = 0;
        long statusSum = 0;
        long start = System.nanoTime();
        long until = start + 10_000_000_000L;
        while (System.nanoTime() < until) {
            for (int i = 0; i < 10_000; i++) {
                statusSum += directory.check(addresses.get((int) (done++ % addresses.size()))).status().ordinal();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "directory-lookups-per-s: %.0f lookups/s (%s, %s, one thread, warm cache, %,d"
                + " addresses: %,d open local mailboxes, trusted and untrusted remote; after the import on %s;"
                + " bash bench/directory-import.sh) [check %d]%n", done / seconds, LocalDate.now(), Machine.describe(),
            addresses.size(), open, vendor, statusSum % 10);
    }

    /** Records the heap left in use after each collection: the live set, the import's real footprint. */
    private static void watchLiveHeap() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    return;
                }
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                    (CompositeData) notification.getUserData());
                long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                    .mapToLong(MemoryUsage::getUsed).sum()
                    - nonHeap(info);
                peakLiveBytes.accumulateAndGet(used, Math::max);
            }, null, null);
        }
    }

    /** Metaspace and code caches appear in the GC's pool list too; they are not heap. */
    private static long nonHeap(GarbageCollectionNotificationInfo info) {
        long nonHeap = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.NON_HEAP) {
                MemoryUsage usage = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
                if (usage != null) {
                    nonHeap += usage.getUsed();
                }
            }
        }
        return nonHeap;
    }
}
