package fr.mssnode.mail.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import fr.mssnode.mail.NodeProperties;
import fr.mssnode.mail.james.JamesMailServer;
import fr.mssnode.mail.tls.TlsMaterial;

/** GET /api/status: is the mail server up, on which ports, with which certificate. No personal data. */
@RestController
public class StatusController {
    private final NodeProperties node;
    private final TlsMaterial tls;
    private final Optional<JamesMailServer> mailServer;

    public StatusController(NodeProperties node, TlsMaterial tls, Optional<JamesMailServer> mailServer) {
        this.node = node;
        this.tls = tls;
        this.mailServer = mailServer;
    }

    @GetMapping("/api/status")
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("mailServer", mailServer.map(JamesMailServer::isRunning).orElse(false) ? "running" : "stopped");
        status.put("domain", node.getDomain());
        status.put("patientDomain", node.patientDomain());
        status.put("ports", Map.of(
            "smtp", node.getPorts().getSmtp(),
            "submission", node.getPorts().getSubmission(),
            "imap", node.getPorts().getImap(),
            "imaps", node.getPorts().getImaps()));
        status.put("database", node.embeddedDerby() ? "derby" : "postgresql");
        status.put("tlsSha256", tls.sha256Fingerprint());
        return status;
    }
}
