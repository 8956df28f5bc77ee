package fr.mssnode.directory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The directory with its answers kept in memory: the mail gate asks it about every MAIL FROM and RCPT TO.
 * Everything is dropped when the directory changes: at once for a change made in this process, and within
 * {@code recheckMillis} for one made elsewhere (an import or admin command run in its own process), by reading
 * {@link DirectoryVersion}. Bounded: past {@code maxEntries} per kind of answer, that kind starts over.
 */
public class CachingDirectory implements Directory {
    private final Directory store;
    private final JdbcTemplate jdbc;
    private final long recheckMillis;
    private final int maxEntries;
    private final Clock clock;

    private final Map<String, Optional<Account>> accounts = new ConcurrentHashMap<>();
    private final Map<String, Optional<Mailbox>> mailboxes = new ConcurrentHashMap<>();
    private final Map<String, Optional<Professional>> professionals = new ConcurrentHashMap<>();
    private final Map<String, Optional<TrustedOperator>> operators = new ConcurrentHashMap<>();

    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
    private volatile long seenLocalChanges = DirectoryVersion.localChanges();
    private volatile long seenStoredVersion = -1;
    private volatile long nextRecheck;

    public CachingDirectory(Directory store, DataSource dataSource, long recheckMillis, int maxEntries, Clock clock) {
        this.store = store;
        this.jdbc = new JdbcTemplate(dataSource);
        this.recheckMillis = recheckMillis;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    public CachingDirectory(Directory store, DataSource dataSource) {
        this(store, dataSource, 1000, 200_000, Clock.systemUTC());
    }

    @Override
    public Optional<Account> findAccount(String address) {
        return cached(accounts, address.trim().toLowerCase(java.util.Locale.ROOT), store::findAccount);
    }

    @Override
    public Set<String> localDomains() {
        return store.localDomains();
    }

    @Override
    public Optional<TrustedOperator> trustedOperator(String domain) {
        return cached(operators, domain.trim().toLowerCase(java.util.Locale.ROOT), store::trustedOperator);
    }

    @Override
    public List<Account> listAccounts() {
        return store.listAccounts();
    }

    @Override
    public List<TrustedOperator> listTrustedOperators() {
        return store.listTrustedOperators();
    }

    @Override
    public Optional<Mailbox> mailbox(String address) {
        return cached(mailboxes, address.trim().toLowerCase(java.util.Locale.ROOT), store::mailbox);
    }

    /** Not cached: asked once per token sign-in on the HTTP APIs, which remember their answer. */
    @Override
    public List<Mailbox> mailboxesOwnedBy(String nationalId) {
        return store.mailboxesOwnedBy(nationalId);
    }

    @Override
    public Optional<Professional> professional(String nationalId) {
        return cached(professionals, nationalId, store::professional);
    }

    /** Drops every cached answer. */
    public void invalidate() {
        generation.incrementAndGet();
        accounts.clear();
        mailboxes.clear();
        professionals.clear();
        operators.clear();
    }

    private <V> Optional<V> cached(Map<String, Optional<V>> cache, String key, Function<String, Optional<V>> load) {
        dropIfChanged();
        Optional<V> hit = cache.get(key);
        if (hit != null) {
            return hit;
        }
        long before = generation.get();
        Optional<V> loaded = load.apply(key);
        if (cache.size() >= maxEntries) {
            cache.clear();
        }
        // An answer read while the directory changed may be stale: use it, do not keep it.
        if (generation.get() == before) {
            cache.put(key, loaded);
        }
        return loaded;
    }

    private void dropIfChanged() {
        long local = DirectoryVersion.localChanges();
        if (local != seenLocalChanges) {
            seenLocalChanges = local;
            invalidate();
        }
        long now = clock.millis();
        if (now >= nextRecheck) {
            nextRecheck = now + recheckMillis;
            long stored = DirectoryVersion.stored(jdbc);
            if (stored != seenStoredVersion) {
                seenStoredVersion = stored;
                invalidate();
            }
        }
    }
}
