package fr.mssnode.mail.backup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an operator checks first after a restore: accounts, stored messages, dossier documents, access events. */
final class NodeCounts {
    static final Map<String, String> TABLES = Map.of(
        "accounts", "node_account",
        "messages", "mailbox_message",
        "documents", "dossier_document",
        "accessEvents", "dossier_audit");

    private NodeCounts() {
    }

    static Map<String, Long> read(Connection connection) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String name : new String[] {"accounts", "messages", "documents", "accessEvents"}) {
            try (Statement statement = connection.createStatement();
                 ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + TABLES.get(name))) {
                count.next();
                counts.put(name, count.getLong(1));
            }
        }
        return counts;
    }

    /** The last database migration applied (Flyway's history). */
    static int schemaVersion(Connection connection) throws SQLException {
        int version = 0;
        try (Statement statement = connection.createStatement();
             ResultSet applied = statement.executeQuery(
                 "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" IS NOT NULL")) {
            while (applied.next()) {
                try {
                    version = Math.max(version, Integer.parseInt(applied.getString(1).split("\\.")[0]));
                } catch (NumberFormatException notNumbered) {
                    // not one of ours
                }
            }
        }
        return version;
    }

    static String describe(Map<String, Long> counts) {
        return counts.get("accounts") + " accounts, " + counts.get("messages") + " messages, "
            + counts.get("documents") + " dossier documents, " + counts.get("accessEvents") + " access events";
    }
}
