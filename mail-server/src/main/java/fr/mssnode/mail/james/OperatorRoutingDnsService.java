package fr.mssnode.mail.james;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.james.dnsservice.api.TemporaryResolutionException;
import org.apache.james.dnsservice.api.DNSService;

import fr.mssnode.directory.Directory;
import fr.mssnode.directory.TrustedOperator;

/**
 * DNS as remote delivery sees it: a trusted operator configured with an explicit relay ("host:port")
 * is reached there rather than through its public MX. Everything else goes to real DNS.
 */
public class OperatorRoutingDnsService implements DNSService {
    private final DNSService dns;
    private final Directory directory;

    public OperatorRoutingDnsService(DNSService dns, Directory directory) {
        this.dns = dns;
        this.directory = directory;
    }

    @Override
    public Collection<String> findMXRecords(String hostname) throws TemporaryResolutionException {
        Optional<String> relay = directory.trustedOperator(hostname).flatMap(TrustedOperator::relay);
        if (relay.isPresent()) {
            return List.of(relay.get());
        }
        return dns.findMXRecords(hostname);
    }

    @Override
    public Collection<String> findTXTRecords(String hostname) {
        return dns.findTXTRecords(hostname);
    }

    @Override
    public Collection<InetAddress> getAllByName(String host) throws UnknownHostException {
        return dns.getAllByName(host);
    }

    @Override
    public InetAddress getByName(String host) throws UnknownHostException {
        return dns.getByName(host);
    }

    @Override
    public InetAddress getLocalHost() throws UnknownHostException {
        return dns.getLocalHost();
    }

    @Override
    public String getHostName(InetAddress addr) {
        return dns.getHostName(addr);
    }
}
