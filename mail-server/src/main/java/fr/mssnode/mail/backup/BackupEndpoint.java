package fr.mssnode.mail.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.Environment;

import fr.mssnode.mail.NodeProperties;

/**
 * {@code POST /actuator/backup} on the management port ({"to": folder, "token": from var/management.properties}):
 * the running node writes a backup of itself. The command line uses it for embedded Derby, which only the node's
 * process can open while it runs; on PostgreSQL the command line takes the backup itself.
 */
@Endpoint(id = "backup")
public class BackupEndpoint implements ApplicationListener<ApplicationReadyEvent> {
    private final NodeProperties node;
    private final DataSource dataSource;
    private final Environment environment;
    private volatile RunningNode running;

    public BackupEndpoint(NodeProperties node, DataSource dataSource, Environment environment) {
        this.node = node;
        this.dataSource = dataSource;
        this.environment = environment;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        String port = event.getApplicationContext().getEnvironment().getProperty("local.management.port");
        if (port == null) {
            return;
        }
        try {
            running = RunningNode.announce(node.varPath(), Integer.parseInt(port));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + node.varPath().resolve(RunningNode.FILE), e);
        }
        event.getApplicationContext().addApplicationListener((ApplicationListener<ContextClosedEvent>) closed -> {
            RunningNode announced = running;
            if (announced != null) {
                announced.withdraw();
            }
        });
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> backup(String to, String token) {
        RunningNode announced = running;
        if (announced == null || !announced.accepts(token)) {
            return new WebEndpointResponse<>(Map.of("error", "The token is not this node's (var/"
                + RunningNode.FILE + ")."), 403);
        }
        try {
            NodeBackup.Result result = new NodeBackup(node, EffectiveSettings.of(environment), dataSource)
                .backupTo(Path.of(to));
            return new WebEndpointResponse<>(Map.of("folder", result.folder().toString(), "summary", result.summary()), 200);
        } catch (BackupException e) {
            return new WebEndpointResponse<>(Map.of("error", e.getMessage()), 409);
        }
    }
}
