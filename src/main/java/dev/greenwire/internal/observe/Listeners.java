package dev.greenwire.internal.observe;

import dev.greenwire.observe.GreenwireListener;
import dev.greenwire.observe.Observability;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The listener in force, and what happens when one throws. */
public final class Listeners {
    private static final Set<Class<?>> REPORTED = ConcurrentHashMap.newKeySet();

    private Listeners() {
    }

    /** @return {@code own} when set, else the global listener, else null */
    public static GreenwireListener inForce(GreenwireListener own) {
        return own != null ? own : Observability.listener();
    }

    /** Logs a listener's failure: WARN once per listener class, DEBUG after that. */
    public static void failed(GreenwireListener l, RuntimeException e) {
        if (REPORTED.add(l.getClass())) {
            Logs.QUERY.warn("the listener {} threw {}; it is ignored (reported once per listener class)", l, e.toString(), e);
        } else {
            Logs.QUERY.debug("the listener {} threw {}", l, e.toString());
        }
    }
}
