package fr.mssnode.mail.backup;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import fr.mssnode.mail.NodeProperties;

/**
 * {@code backup --to DIR} and {@code restore --from DIR}. They read the node's settings as the node does (files,
 * environment, {@code --name=value}) but start nothing else: a restore runs before any table exists, and a backup
 * of embedded Derby while the node runs is asked of the node itself (see {@link BackupEndpoint}).
 */
public final class BackupCommands {
    public static final String USAGE = """
          backup --to DIR                         a consistent copy of the database (online), the operator's keys and
                                                  certificates and the settings; DIR must be new or empty
          restore --from DIR                      onto an empty database and a node folder without keys; the indexes
                                                  are rebuilt from the database at the next start
        """;

    private BackupCommands() {
    }

    /** Settings only: the node's properties bound from the same sources as the node's. */
    @EnableConfigurationProperties(NodeProperties.class)
    static class SettingsOnly {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> settings = Arrays.stream(args).filter(arg -> arg.startsWith("--") && arg.contains("=")).toList();
        List<String> options = Arrays.stream(args).filter(arg -> !settings.contains(arg)).toList();
        String command = options.get(0);
        String flag = command.equals("backup") ? "--to" : "--from";
        int at = options.indexOf(flag);
        if (at < 0 || at + 1 >= options.size()) {
            err.println("Usage: " + command + " " + flag + " DIR");
            return 2;
        }
        Path folder = Path.of(options.get(at + 1));
        List<String> springArgs = new ArrayList<>(settings);
        if (settings.stream().noneMatch(setting -> setting.startsWith("--logging.level.root="))) {
            springArgs.add("--logging.level.root=ERROR");
        }
        SpringApplication application = new SpringApplication(SettingsOnly.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        try (ConfigurableApplicationContext context = application.run(springArgs.toArray(String[]::new))) {
            NodeProperties node = context.getBean(NodeProperties.class);
            Map<String, String> effective = EffectiveSettings.of(context.getEnvironment());
            if (command.equals("restore")) {
                new NodeRestore(node, effective).restoreFrom(folder, out);
                return 0;
            }
            String address = context.getEnvironment().getProperty("management.server.address", "127.0.0.1");
            return backup(node, effective, folder, address, out, err);
        } catch (BackupException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    private static int backup(NodeProperties node, Map<String, String> settings, Path folder, String address,
                              PrintStream out, PrintStream err) throws BackupException {
        if (node.embeddedDerby()) {
            Optional<RunningNode.Announced> running = RunningNode.read(node.varPath());
            if (running.isPresent()) {
                Optional<Integer> asked = askTheNode(running.get(), address, folder, out, err);
                if (asked.isPresent()) {
                    return asked.get();
                }
            }
            DriverManagerDataSource local = new DriverManagerDataSource("jdbc:derby:" + DerbyDump.folderOf(node.jdbcUrl()));
            try {
                out.println(new NodeBackup(node, settings, local).backupTo(folder).summary());
                return 0;
            } catch (BackupException e) {
                throw new BackupException(explainDerby(e, node));
            }
        }
        NodeProperties.Database database = node.getDatabase();
        DriverManagerDataSource source = new DriverManagerDataSource(database.getUrl(), database.getUsername(),
            database.getPassword());
        if (!database.getSchema().isBlank()) {
            source.setSchema(database.getSchema());
        }
        out.println(new NodeBackup(node, settings, source).backupTo(folder).summary());
        return 0;
    }

    /** The running node's answer (exit code), or empty when no node answers on the announced port. */
    private static Optional<Integer> askTheNode(RunningNode.Announced running, String address, Path folder,
                                                PrintStream out, PrintStream err) throws BackupException {
        String host = address.isBlank() || address.equals("0.0.0.0") || address.equals("::") ? "127.0.0.1" : address;
        String body = NodeBackup.JSON.writeValueAsString(Map.of("to", folder.toAbsolutePath().normalize().toString(),
            "token", running.token()));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host)
                + ":" + running.port() + "/actuator/backup"))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofHours(6))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
        HttpResponse<String> response;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException notRunning) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BackupException("The running node did not answer the backup request: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException("Interrupted while the node was writing the backup");
        }
        Map<?, ?> answer;
        try {
            answer = NodeBackup.JSON.readValue(response.body(), Map.class);
        } catch (RuntimeException notJson) {
            throw new BackupException("The running node answered the backup request with HTTP " + response.statusCode()
                + ": " + response.body());
        }
        if (response.statusCode() == 200) {
            out.println(answer.get("summary") + " (written by the running node)");
            return Optional.of(0);
        }
        err.println(answer.containsKey("error") ? answer.get("error")
            : "The running node answered the backup request with HTTP " + response.statusCode() + ": " + response.body());
        return Optional.of(1);
    }

    private static String explainDerby(BackupException e, NodeProperties node) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                if ("XJ004".equals(sql.getSQLState())) {
                    return "There is no database in " + DerbyDump.folderOf(node.jdbcUrl()) + " to back up.";
                }
                if ("XSDB6".equals(sql.getSQLState())) {
                    return "The database in " + DerbyDump.folderOf(node.jdbcUrl()) + " is held by a node that does not "
                        + "answer on its management port (management.server.port): start the node, or stop it, then "
                        + "back up again.";
                }
            }
        }
        return e.getMessage();
    }
}
