package fr.mssnode.mail;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import fr.mssnode.directory.testing.TestDatabase;

class BackupRestoreOnPostgresTest extends BackupRestoreContract {
    @Override
    TestDatabase newDatabase() {
        assumeTrue(TestDatabase.postgresAvailable(), TestDatabase::skippedMessage);
        String missing = whyNoClientTools();
        if (missing != null) {
            System.err.println("!!! SKIPPED: the PostgreSQL backup and restore test: " + missing);
        }
        assumeTrue(missing == null, () -> "SKIPPED: " + missing);
        return TestDatabase.postgres();
    }

    /** pg_dump must be there and at least as new as the server. */
    private static String whyNoClientTools() {
        int tools;
        try {
            Process version = new ProcessBuilder("pg_dump", "--version").redirectErrorStream(true).start();
            String printed = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            version.waitFor();
            Matcher major = Pattern.compile("(\\d+)\\.").matcher(printed);
            if (!major.find()) {
                return "pg_dump --version printed " + printed;
            }
            tools = Integer.parseInt(major.group(1));
        } catch (Exception e) {
            return "pg_dump is not installed (Debian: apt-get install postgresql-client)";
        }
        try (Connection connection = DriverManager.getConnection(TestDatabase.POSTGRES_URL, TestDatabase.POSTGRES_USER, "");
             Statement statement = connection.createStatement();
             ResultSet server = statement.executeQuery("SHOW server_version_num")) {
            server.next();
            int major = Integer.parseInt(server.getString(1)) / 10000;
            return tools >= major ? null : "pg_dump " + tools + " is older than the server (" + major + ")";
        } catch (Exception e) {
            return "cannot read the server's version: " + e.getMessage();
        }
    }
}
