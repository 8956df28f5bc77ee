package fr.mssnode.mail.james;

import java.util.HashMap;
import java.util.Map;

import fr.mssnode.mail.NodeProperties;

/** OpenJPA connection settings for James's store, from the same database settings as our own tables. */
final class OpenJpaSettings {
    private OpenJpaSettings() {
    }

    static Map<String, String> from(NodeProperties node) {
        String url = node.jdbcUrl();
        Map<String, String> settings = new HashMap<>();
        settings.put("openjpa.ConnectionDriverName", driverFor(url));
        settings.put("openjpa.ConnectionURL", url);
        if (!node.getDatabase().getUsername().isBlank()) {
            settings.put("openjpa.ConnectionUserName", node.getDatabase().getUsername());
            settings.put("openjpa.ConnectionPassword", node.getDatabase().getPassword());
        }
        settings.put("openjpa.ConnectionProperties", "MaxTotal=" + node.getDatabase().getMaxConnections()
            + ",TestOnBorrow=true");
        settings.put("openjpa.Multithreaded", "true");
        // OpenJPA ignores currentSchema in the JDBC URL: name the schema explicitly.
        if (!node.getDatabase().getSchema().isBlank()) {
            settings.put("openjpa.jdbc.Schema", node.getDatabase().getSchema());
        }
        settings.put("openjpa.Log", "slf4j");
        return settings;
    }

    static String driverFor(String url) {
        if (url.startsWith("jdbc:derby:")) {
            return "org.apache.derby.iapi.jdbc.AutoloadedDriver";
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return "org.postgresql.Driver";
        }
        throw new IllegalStateException("Unsupported database URL " + url + ": use PostgreSQL (jdbc:postgresql:) or Derby (jdbc:derby:)");
    }
}
