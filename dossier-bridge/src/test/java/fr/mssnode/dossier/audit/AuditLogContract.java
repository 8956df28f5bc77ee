package fr.mssnode.dossier.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import fr.mssnode.directory.testing.TestDatabase;

/**
 * The access history on a real database: events from many threads chained in one order with nothing lost or
 * doubled, read back per dossier newest first, and every kind of tampering found by the chain check, at the first
 * event it breaks. Once per vendor.
 */
abstract class AuditLogContract {
    static final String INS = "285057512000579";
    static final String OTHER_INS = "185057512000533";

    private TestDatabase database;
    private AuditLog log;
    private JdbcTemplate jdbc;

    abstract TestDatabase newDatabase();

    /** Lets the test change the history by hand, as someone with the database's rights could. */
    abstract void allowHandEdits(JdbcTemplate jdbc);

    @BeforeEach
    void open() {
        database = newDatabase().migrated();
        log = new AuditLog(database.dataSource());
        jdbc = new JdbcTemplate(database.dataSource());
    }

    @AfterEach
    void close() {
        log.close();
        database.close();
    }

    static AuditEvent read(String ins, String who, long... documents) {
        return new AuditEvent(Instant.now(), who + "@hopital.test", Optional.of("810000000017"), "Dr " + who, "professional",
            Optional.of("care-team"), "document", AuditEvent.Outcome.GRANTED, Optional.of(ins),
            LongStream.of(documents).boxed().toList(), Optional.empty());
    }

    @Test
    void eventsFromFourThreadsAreAllChainedOnceInOneOrder() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            results.add(threads.submit(() -> {
                List<Long> seqs = new ArrayList<>();
                for (int i = 0; i < 250; i++) {
                    seqs.add(log.record(read(i % 2 == 0 ? INS : OTHER_INS, "dr" + thread, i)));
                }
                return seqs;
            }));
        }
        Set<Long> all = new HashSet<>();
        for (Future<List<Long>> result : results) {
            all.addAll(result.get());
        }
        threads.shutdown();
        assertThat(all).hasSize(1000).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 1000).boxed().toList());
        AuditLog.Verification verification = log.verify();
        assertThat(verification.intact()).as(verification.problem()).isTrue();
        assertThat(verification.checked()).isEqualTo(1000);

        List<AuditEntry> newest = log.ofDossier(INS, 0, 10);
        assertThat(newest).hasSize(10).allMatch(e -> e.ins().equals(Optional.of(INS)));
        assertThat(newest.get(0).seq()).isGreaterThan(newest.get(9).seq());
        assertThat(log.ofDossier(INS, 0, 1000)).hasSize(500);
        assertThat(newest.get(0).previousHash()).hasSize(64).isNotEqualTo(newest.get(0).hash());
    }

    @Test
    void twoNodesOnOneDatabaseChainInOneOrder() throws Exception {
        try (AuditLog otherNode = new AuditLog(database.dataSource())) {
            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                AuditLog node = t % 2 == 0 ? log : otherNode;
                int thread = t;
                results.add(threads.submit(() -> {
                    List<Long> seqs = new ArrayList<>();
                    for (int i = 0; i < 150; i++) {
                        seqs.add(node.record(read(INS, "node" + thread, i)));
                    }
                    return seqs;
                }));
            }
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> result : results) {
                all.addAll(result.get());
            }
            threads.shutdown();
            assertThat(all).hasSize(600);
        }
        AuditLog.Verification verification = log.verify();
        assertThat(verification.intact()).as(verification.problem()).isTrue();
        assertThat(verification.checked()).isEqualTo(600);
    }

    @Test
    void whatIsReadBackIsWhatWasRecordedWithoutAnyDocumentContent() throws Exception {
        AuditEvent breakGlass = new AuditEvent(Instant.parse("2026-12-03T13:02:44.499Z"), "dr.moreau@hopital.test",
            Optional.of("810000000033"), "Docteur Julien MOREAU", "professional", Optional.of("break-glass"), "break-glass",
            AuditEvent.Outcome.GRANTED, Optional.of(INS), List.of(), Optional.of("Patiente inconsciente\naux urgences"));
        log.record(breakGlass);
        List<Long> many = LongStream.rangeClosed(1_000_000, 1_004_000).boxed().toList();
        log.record(new AuditEvent(Instant.now(), "dr.x@hopital.test", Optional.empty(), "Dr X", "professional",
            Optional.of("care-team"), "dossier", AuditEvent.Outcome.GRANTED, Optional.of(INS), many, Optional.empty()));
        List<AuditEntry> entries = log.ofDossier(INS, 0, 10);
        AuditEntry listed = entries.get(0);
        assertThat(listed.documents().size() + listed.documentsLeftOut()).isEqualTo(many.size());
        assertThat(listed.documentsLeftOut()).isPositive();
        AuditEntry emergency = entries.get(1);
        assertThat(emergency.at()).isEqualTo(breakGlass.at());
        assertThat(emergency.actorNationalId()).contains("810000000033");
        assertThat(emergency.ground()).contains("break-glass");
        assertThat(emergency.outcome()).isEqualTo("granted");
        assertThat(emergency.reason()).contains("Patiente inconsciente aux urgences");
        assertThat(log.verify().intact()).isTrue();
    }

    @Test
    void anEventChangedByHandIsFoundAndNamed() throws Exception {
        for (int i = 1; i <= 20; i++) {
            log.record(read(INS, "dr" + i, i));
        }
        allowHandEdits(jdbc);
        jdbc.update("UPDATE dossier_audit SET actor_address = 'nobody@hopital.test' WHERE seq = 7");
        AuditLog.Verification verification = log.verify();
        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBroken()).contains(7L);
        assertThat(verification.checked()).isEqualTo(6);
        assertThat(verification.problem()).contains("changed");
    }

    @Test
    void anEventRemovedOrAddedByHandIsFound() throws Exception {
        for (int i = 1; i <= 10; i++) {
            log.record(read(INS, "dr" + i, i));
        }
        allowHandEdits(jdbc);
        jdbc.update("DELETE FROM dossier_audit WHERE seq = 4");
        assertThat(log.verify().firstBroken()).contains(4L);
        jdbc.update("INSERT INTO dossier_audit (seq, occurred_at_ms, action, outcome, previous_hash, hash)"
            + " SELECT 4, occurred_at_ms, action, outcome, previous_hash, hash FROM dossier_audit WHERE seq = 3");
        assertThat(log.verify().firstBroken()).contains(4L);
        jdbc.update("DELETE FROM dossier_audit WHERE seq >= 4");
        AuditLog.Verification cutShort = log.verify();
        assertThat(cutShort.firstBroken()).as("the tail removed: the chain's head says 10").contains(4L);
        assertThat(cutShort.problem()).contains("removed or added");
    }

    @Test
    void theHistoryIsAppendOnlyWhereTheDatabaseCanEnforceIt() throws Exception {
        log.record(read(INS, "dr1", 1));
        if (database.vendor() == TestDatabase.Vendor.POSTGRESQL) {
            assertThatThrownBy(() -> jdbc.update("UPDATE dossier_audit SET actor_address = 'x' WHERE seq = 1"))
                .hasMessageContaining("append-only");
            assertThatThrownBy(() -> jdbc.update("DELETE FROM dossier_audit")).hasMessageContaining("append-only");
        }
        assertThat(log.verify().intact()).isTrue();
    }
}
