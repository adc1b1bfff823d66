package dev.greenwire.internal.engine;

import dev.greenwire.Diagnostics;
import dev.greenwire.Notify;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Where a frame goes once cut: notifications, notices and parameter changes are handled
 * whatever the operation (they may come at any time); errors and everything else go to the
 * current operation, which says when it is complete.
 */
final class Messages {
    private static final Logger LOG = dev.greenwire.internal.observe.Logs.QUERY;

    private Messages() {
    }

    static void dispatch(Engine c) {
        char t = c.in.type();
        switch (t) {
            case 'A' -> {
                int pid = c.in.i32();
                String channel = c.in.cstring(c.charset);
                String payload = c.in.cstring(c.charset);
                c.notifyCount++;
                Notify n = new Notify(pid, channel, payload);
                dev.greenwire.internal.observe.NotifyDeliveredEvent ev =
                        dev.greenwire.internal.observe.NotifyDeliveredEvent.PROBE.isEnabled() ? Tracing.notifyParsed(n) : null;
                if (LOG.isTraceEnabled()) {
                    LOG.trace("backend {}: notification on channel {} from backend {}", c.backendPid, channel, pid);
                }
                c.notifySink.accept(n);
                if (ev != null) {
                    Tracing.notifyStored(c, ev);
                }
            }
            case 'N' -> {
                Diagnostics d = readFields(c);
                String text = d.severity() + ":  " + d.messagePrimary();
                LOG.debug("server notice: {}", text);
                c.noticeSink.accept(text);
            }
            case 'S' -> {
                String name = c.in.cstring(c.charset);
                String value = c.in.cstring(c.charset);
                c.parameterReported(name, value);
            }
            case 'E' -> {
                Diagnostics d = readFields(c);
                c.noteFatal(d);
                if (c.current != null) {
                    if (c.current.onError(c, d)) {
                        c.complete();
                    }
                } else {
                    LOG.debug("server error outside any operation: {}", d.formatted());
                }
            }
            default -> {
                if (c.current != null) {
                    if (c.current.onMessage(c, c.in)) {
                        c.complete();
                    }
                } else if (t == 'Z') {
                    // after an error the server raised between statements (a late cancel): harmless
                    c.txStatus = Engine.txStatusOf((char) c.in.i8());
                } else {
                    throw Errors.unexpected(t, "while no operation is running");
                }
            }
        }
    }

    /** Reads the fields of an ErrorResponse or NoticeResponse (the current frame). */
    static Diagnostics readFields(Engine c) {
        Map<Character, String> f = new HashMap<>();
        for (;;) {
            int code = c.in.i8();
            if (code == 0) {
                break;
            }
            f.put((char) code, c.in.cstring(c.charset));
        }
        if (f.get('S') == null) {
            f.put('S', "ERROR");
        }
        return new Diagnostics(f);
    }
}
