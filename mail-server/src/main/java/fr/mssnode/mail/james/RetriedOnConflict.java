package fr.mssnode.mail.james;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.transaction.Mapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * A message mapper whose transactions are run again when they lose a conflict with another session's: several
 * clients on one organisation mailbox flag, expunge and append at once, and the database then picks one of two
 * transactions to fail (an optimistic lock on a message another client changed or expunged, a deadlock between an
 * EXPUNGE's deletes and an APPEND's inserts, a lock wait that timed out). The client's command must not fail for
 * it: the transaction is rolled back (by James), the mapper's persistence context dropped so the next attempt reads
 * what the winner wrote, and the transaction run again, up to {@value #ATTEMPTS} times with a short random pause.
 * Any other failure is passed on at once.
 */
public final class RetriedOnConflict {
    private static final Logger LOGGER = LoggerFactory.getLogger(RetriedOnConflict.class);
    static final int ATTEMPTS = 8;

    private RetriedOnConflict() {
    }

    public static MessageMapper messages(MessageMapper mapper) {
        Object proxy = Proxy.newProxyInstance(MessageMapper.class.getClassLoader(), new Class<?>[] {MessageMapper.class},
            (self, method, args) -> {
                if (method.getName().equals("execute") && args.length == 1) {
                    return execute(mapper, (Mapper.Transaction<?>) args[0]);
                }
                if (method.getName().equals("executeReactive") && args.length == 1) {
                    return executeReactive(mapper, (Mono<?>) args[0]);
                }
                try {
                    return method.invoke(mapper, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
        return (MessageMapper) proxy;
    }

    private static <T> T execute(MessageMapper mapper, Mapper.Transaction<T> transaction) throws MailboxException {
        for (int attempt = 1; ; attempt++) {
            try {
                return mapper.execute(transaction);
            } catch (MailboxException e) {
                if (attempt >= ATTEMPTS || !lostAConflict(e)) {
                    throw e;
                }
                LOGGER.debug("Transaction lost a conflict with another session (attempt {}), run again", attempt, e);
                mapper.endRequest();
                pause(attempt);
            }
        }
    }

    private static <T> Mono<T> executeReactive(MessageMapper mapper, Mono<T> transaction) {
        return Mono.defer(() -> mapper.executeReactive(transaction))
            .retryWhen(Retry.backoff(ATTEMPTS - 1, Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(200))
                .filter(RetriedOnConflict::lostAConflict)
                .doBeforeRetry(signal -> mapper.endRequest())
                .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    /** A lock conflict somewhere in the cause chain: the transaction was sound, another one won. */
    static boolean lostAConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof javax.persistence.OptimisticLockException
                || cause instanceof javax.persistence.PessimisticLockException
                || cause instanceof javax.persistence.LockTimeoutException
                || cause instanceof org.apache.openjpa.util.OptimisticException
                || cause instanceof org.apache.openjpa.util.LockException) {
                return true;
            }
            // SQL state class 40: transaction rollback (40001 serialisation failure or Derby's deadlock, 40P01
            // PostgreSQL's deadlock, 40XL1/40XL2 Derby's lock timeouts).
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("40")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(2, 10L * attempt + 3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
