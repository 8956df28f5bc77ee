package fr.mssnode.mail.admin;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;

import org.springframework.stereotype.Component;

import fr.mssnode.dossier.index.IndexRepair;
import fr.mssnode.dossier.index.LuceneDossierIndex;
import fr.mssnode.dossier.store.DossierStore;
import fr.mssnode.mail.NodeProperties;

/** The operator's dossier commands: rebuild the search index, and the documents that could not be filed. */
@Component
public class DossierCommands {
    private final DossierStore store;
    private final NodeProperties node;

    public DossierCommands(DossierStore store, NodeProperties node) {
        this.store = store;
        this.node = node;
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
