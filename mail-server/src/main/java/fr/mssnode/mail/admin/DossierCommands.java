package fr.mssnode.mail.admin;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import fr.mssnode.dossier.access.AccessStore;
import fr.mssnode.dossier.audit.AuditEntry;
import fr.mssnode.dossier.audit.AuditEvent;
import fr.mssnode.dossier.audit.AuditLog;
import fr.mssnode.dossier.index.IndexRepair;
import fr.mssnode.dossier.index.LuceneDossierIndex;
import fr.mssnode.dossier.store.DossierStore;
import fr.mssnode.mail.NodeProperties;

/**
 * The operator's dossier commands: rebuild the search index, the documents that could not be filed, the access
 * history (read it, check its chain), a patient's choice on emergency access.
 */
@Component
public class DossierCommands {
    private final DossierStore store;
    private final NodeProperties node;
    private final AuditLog audit;
    private final AccessStore access;

    public DossierCommands(DossierStore store, NodeProperties node, AuditLog audit, AccessStore access) {
        this.store = store;
        this.node = node;
        this.audit = audit;
        this.access = access;
    }

    /** The dossier's access history, newest first, one event a line. */
    int accesses(String ins, int limit, PrintStream out) {
        List<AuditEntry> entries;
        try {
            entries = audit.ofDossier(ins, 0, limit);
        } catch (SQLException e) {
            out.println("Cannot read the access history: " + e.getMessage());
            return 1;
        }
        if (entries.isEmpty()) {
            out.println("No access to the dossier of INS " + ins + " has been recorded.");
        }
        for (AuditEntry e : entries) {
            out.printf("%d  %s  %-8s %-22s %-16s %s <%s>%s%s%s%n", e.seq(), e.at(), e.outcome(), e.action(),
                e.ground().orElse("-"), e.actorName(), e.actorAddress(), e.actorNationalId().map(id -> " " + id).orElse(""),
                e.documents().isEmpty() ? "" : "  documents " + e.documents().stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(",")) + (e.documentsLeftOut() > 0 ? " +" + e.documentsLeftOut() : ""),
                e.reason().map(r -> "  reason: " + r).orElse(""));
        }
        return 0;
    }

    /** Checks every link of the access history; exit code 1 and the first broken event when it does not hold. */
    int verifyAudit(PrintStream out, PrintStream err) {
        long started = System.nanoTime();
        try {
            AuditLog.Verification result = audit.verify();
            if (result.intact()) {
                out.printf("The access history is intact: %d events, every hash and link checked in %.1f s.%n",
                    result.checked(), (System.nanoTime() - started) / 1e9);
                return 0;
            }
            err.println("The access history is BROKEN at event " + result.firstBroken().get() + ": " + result.problem()
                + ". Events 1 to " + result.checked() + " hold.");
            return 1;
        } catch (SQLException e) {
            err.println("Cannot read the access history: " + e.getMessage());
            return 1;
        }
    }

    /** The patient's choice on emergency access, as the operator records it for them (on paper, at the desk). */
    int setEmergencyAccess(String ins, boolean allowed, PrintStream out) {
        Instant now = Instant.now();
        boolean changed = access.setEmergencyAccessOpposed(ins, !allowed, now);
        if (changed) {
            audit.record(new AuditEvent(now, "operator", Optional.empty(), "operator (admin command)", "operator",
                Optional.empty(), allowed ? "allow-emergency-access" : "oppose-emergency-access", AuditEvent.Outcome.CHANGED,
                Optional.of(ins), List.of(), Optional.of("recorded by the operator for the patient")));
        }
        out.println((allowed ? "Emergency access (break-the-glass) is allowed" : "The patient opposes emergency access (break-the-glass)")
            + " for the dossier of INS " + ins + (changed ? "." : " (it already was)."));
        return 0;
    }

    /** Rebuilds var/dossier-index from the database. The node must be stopped (it holds the index open). */
    int reindex(PrintStream out, PrintStream err) throws IOException {
        Path folder = node.varPath().resolve("dossier-index");
        long started = System.nanoTime();
        LuceneDossierIndex index;
        try {
            index = LuceneDossierIndex.open(folder);
        } catch (IllegalStateException e) {
            err.println("The dossier index " + folder + " is in use by a running node. Stop the node first.");
            return 1;
        }
        try (index) {
            long count = new IndexRepair(store, index).rebuild();
            out.printf("Rebuilt the dossier index %s from the database: %d documents in %.1f s.%n", folder, count,
                (System.nanoTime() - started) / 1e9);
            return 0;
        } catch (SQLException e) {
            err.println("Cannot read the dossier from the database: " + e.getMessage());
            return 1;
        }
    }

    int refusals(int limit, PrintStream out) {
        var refusals = store.refusals(limit);
        if (refusals.isEmpty()) {
            out.println("No document has been refused.");
        }
        for (DossierStore.Refusal r : refusals) {
            out.printf("%d  %s  %s  [%s] %s%n     from %s to %s, message %s, %d bytes%s%n", r.id(), r.refusedAt(), r.attachment(),
                r.reasonCode(), r.reason(), r.sender(), r.recipients(), r.messageId(), r.sizeBytes(),
                r.contentKept() ? "" : " (too large to keep here: in the recipients' mailboxes)");
        }
        return 0;
    }

    int saveRefused(long id, Path out, PrintStream stdout, PrintStream err) throws IOException {
        Optional<byte[]> content = store.refusedContent(id);
        if (content.isEmpty()) {
            err.println("No kept bytes for refusal " + id + " (unknown id, or too large to keep).");
            return 1;
        }
        Files.write(out, content.get());
        stdout.println("Wrote the refused attachment " + id + " to " + out + " (" + content.get().length + " bytes).");
        return 0;
    }
}
