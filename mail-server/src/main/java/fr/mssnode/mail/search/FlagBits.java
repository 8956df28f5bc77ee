package fr.mssnode.mail.search;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import javax.mail.Flags;
import javax.mail.Flags.Flag;

import fr.mssnode.mail.search.IndexedMessage.MessageState;

/** The system flags of a message as the index's bits, and back. */
final class FlagBits {
    private static final Map<Flag, Integer> BITS = Map.of(Flag.ANSWERED, MessageState.ANSWERED,
        Flag.DELETED, MessageState.DELETED, Flag.DRAFT, MessageState.DRAFT, Flag.FLAGGED, MessageState.FLAGGED,
        Flag.RECENT, MessageState.RECENT, Flag.SEEN, MessageState.SEEN);

    private FlagBits() {
    }

    static int of(Flag flag) {
        return BITS.getOrDefault(flag, 0);
    }

    static MessageState state(Flags flags, long modSeq) {
        int bits = 0;
        for (Flag flag : flags.getSystemFlags()) {
            bits |= of(flag);
        }
        Set<String> userFlags = new HashSet<>(Set.of(flags.getUserFlags()));
        return new MessageState(bits, userFlags, modSeq);
    }

    static Flags flags(MessageState state) {
        Flags flags = new Flags();
        BITS.forEach((flag, bit) -> {
            if (state.has(bit)) {
                flags.add(flag);
            }
        });
        state.userFlags().forEach(flags::add);
        return flags;
    }
}
