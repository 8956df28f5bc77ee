package fr.mssnode.mail;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import fr.mssnode.mail.tls.TlsMaterial;

/**
 * Once everything listens: prints the ports, domains, certificate fingerprint (and demo accounts), and in demo
 * mode writes var/demo.properties for scripts. The file appearing is the signal that the node is ready.
 */
public class NodeReadyAnnouncer implements ApplicationListener<ApplicationReadyEvent> {
    private final NodeProperties node;
    private final TlsMaterial tls;
    private final Optional<DemoData> demo;

    public NodeReadyAnnouncer(NodeProperties node, TlsMaterial tls, Optional<DemoData> demo) {
        this.node = node;
        this.tls = tls;
        this.demo = demo;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        String httpsPort = event.getApplicationContext().getEnvironment().getProperty("local.server.port", "(none)");
        String managementPort = event.getApplicationContext().getEnvironment().getProperty("local.management.port", "(none)");
        String managementAddress = event.getApplicationContext().getEnvironment().getProperty("management.server.address", "");
        StringBuilder banner = new StringBuilder("\n")
            .append("================ health messaging node ready ================\n")
            .append("  domain              ").append(node.getDomain()).append(" (patients: ").append(node.patientDomain()).append(")\n")
            .append("  SMTP (operators)    ").append(node.getBindAddress()).append(':').append(node.getPorts().getSmtp()).append("  STARTTLS required\n")
            .append("  submission          ").append(node.getBindAddress()).append(':').append(node.getPorts().getSubmission()).append("  STARTTLS + AUTH\n")
            .append("  IMAP                ").append(node.getBindAddress()).append(':').append(node.getPorts().getImap()).append("  STARTTLS\n")
            .append("  IMAPS               ").append(node.getBindAddress()).append(':').append(node.getPorts().getImaps()).append('\n')
            .append("  HTTPS               ").append(httpsPort).append('\n')
            .append("  management (HTTP)   ").append(managementAddress.isEmpty() ? "" : managementAddress + ":").append(managementPort)
            .append("  /actuator/health/readiness, /actuator/prometheus\n")
            .append("  database            ").append(node.embeddedDerby() ? "embedded Derby in " + node.varPath().resolve("db") : node.jdbcUrl()).append('\n')
            .append("  TLS certificate     ").append(tls.certificate()).append(tls.development() ? "  (development, self-signed)" : "").append('\n')
            .append("  SHA-256 fingerprint ").append(tls.sha256Fingerprint()).append('\n');
        demo.ifPresent(data -> {
            banner.append("  demo accounts (DEMO ONLY passwords):\n");
            data.accounts().forEach(account -> banner.append(String.format("    %-13s %-45s %s%n",
                account.kind().label(), account.address(), account.password())));
        });
        banner.append("=============================================================\n");
        System.out.println(banner);
        demo.ifPresent(data -> writeDemoProperties(data, httpsPort, managementPort));
    }

    private void writeDemoProperties(DemoData data, String httpsPort, String managementPort) {
        Path target = node.varPath().resolve("demo.properties");
        Path temporary = node.varPath().resolve("demo.properties.tmp");
        try {
            Files.createDirectories(node.varPath());
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                out.write("# Written when the demo node is ready. Demo passwords: never use them in production.\n");
                out.write("smtp.port=" + node.getPorts().getSmtp() + "\n");
                out.write("submission.port=" + node.getPorts().getSubmission() + "\n");
                out.write("imap.port=" + node.getPorts().getImap() + "\n");
                out.write("imaps.port=" + node.getPorts().getImaps() + "\n");
                out.write("https.port=" + httpsPort + "\n");
                out.write("management.port=" + managementPort + "\n");
                out.write("domain=" + node.getDomain() + "\n");
                out.write("tls.sha256=" + tls.sha256Fingerprint() + "\n");
                int n = 1;
                for (DemoData.DemoAccount account : data.accounts()) {
                    out.write("account." + n + ".address=" + account.address() + "\n");
                    out.write("account." + n + ".password=" + account.password() + "\n");
                    out.write("account." + n + ".kind=" + account.kind().label() + "\n");
                    n++;
                }
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
