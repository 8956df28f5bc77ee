package fr.mssnode.mail.james;

import java.util.Locale;

import fr.mssnode.mail.NodeProperties;

/** RemoteDelivery's TLS parameters: mail between operators never travels in clear text. */
final class RemoteTlsParameters {
    private RemoteTlsParameters() {
    }

    static String xml(NodeProperties.RemoteDelivery remote) {
        StringBuilder xml = new StringBuilder();
        String mode = remote.getTls().trim().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "starttls" -> xml.append(param("startTLS", "true"))
                .append(param("mail.smtp.starttls.required", "true"));
            case "implicit" -> xml.append(param("sslEnable", "true"));
            default -> throw new IllegalStateException("node.remote-delivery.tls must be 'starttls' or 'implicit', not '"
                + remote.getTls() + "': mail between operators is never sent in clear text.");
        }
        xml.append(param("verifyServerIdentity", String.valueOf(remote.isVerifyServerIdentity())));
        xml.append(param("mail.smtp.ssl.protocols", "TLSv1.3 TLSv1.2"));
        xml.append(param("mail.smtps.ssl.protocols", "TLSv1.3 TLSv1.2"));
        String trusted = remote.getTrustedHosts().trim();
        if (!trusted.isEmpty()) {
            if (!trusted.matches("[A-Za-z0-9.:\\- ]+")) {
                throw new IllegalStateException("node.remote-delivery.trusted-hosts must be host names separated by spaces");
            }
            xml.append(param("mail.smtp.ssl.trust", trusted)).append(param("mail.smtps.ssl.trust", trusted));
        }
        return xml.toString();
    }

    private static String param(String name, String value) {
        return "<" + name + ">" + value + "</" + name + ">";
    }
}
